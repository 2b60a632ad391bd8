using System.Net;
using StackExchange.Redis;

namespace SeatAllocation.Redis.Tests.Cluster;

/// <summary>What the cluster itself says about slots and the masters serving them (never a client-side hash).</summary>
internal static class ClusterLayout
{
    /// <summary>The masters serving slots, as <c>CLUSTER NODES</c> lists them.</summary>
    public static async Task<IReadOnlyList<ClusterNode>> MastersAsync(IConnectionMultiplexer multiplexer)
    {
        var configuration = await AnyServer(multiplexer).ClusterNodesAsync();
        Assert.NotNull(configuration);
        return [.. configuration.Nodes.Where(node => !node.IsReplica && node.Slots.Count > 0).OrderBy(node => node.EndPoint?.ToString(), StringComparer.Ordinal)];
    }

    /// <summary>The slot of a key, from <c>CLUSTER KEYSLOT</c>.</summary>
    public static async Task<int> KeySlotAsync(IConnectionMultiplexer multiplexer, RedisKey key) =>
        (int)await AnyServer(multiplexer).ExecuteAsync("CLUSTER", "KEYSLOT", (string)key!);

    /// <summary>The keys a master holds in a slot, from <c>CLUSTER GETKEYSINSLOT</c> sent to that master alone.</summary>
    public static async Task<string[]> KeysInSlotAsync(IConnectionMultiplexer multiplexer, ClusterNode master, int slot)
    {
        var keys = await multiplexer.GetServer(master.EndPoint!).ExecuteAsync("CLUSTER", "GETKEYSINSLOT", slot, 1000);
        return [.. ((RedisResult[])keys!).Select(key => (string)key!)];
    }

    /// <summary>The master that serves a slot.</summary>
    public static ClusterNode OwnerOf(IReadOnlyList<ClusterNode> masters, int slot) =>
        masters.Single(master => master.Slots.Any(range => range.From <= slot && slot <= range.To));

    /// <summary>The port of a master on loopback.</summary>
    public static int PortOf(ClusterNode master) => ((IPEndPoint)master.EndPoint!).Port;

    /// <summary>
    /// New show ids, one for each master, each chosen so that its keys' slot (the slot of its hash tag)
    /// is served by that master: the shows of a test land on every master, by construction.
    /// </summary>
    public static async Task<IReadOnlyList<(string ShowId, ClusterNode Master)>> OneShowPerMasterAsync(IConnectionMultiplexer multiplexer, IReadOnlyList<ClusterNode> masters, string prefix)
    {
        var shows = new Dictionary<ClusterNode, string>();
        for (var candidate = 0; shows.Count < masters.Count; candidate++)
        {
            Assert.True(candidate < 1000, "No show id landed on some master in 1000 tries: are the slots spread over the masters?");
            var showId = RedisTestEnvironment.NewId(prefix);
            shows.TryAdd(OwnerOf(masters, await KeySlotAsync(multiplexer, RedisState.Keys(showId).Show)), showId);
        }

        return [.. masters.Select(master => (shows[master], master))];
    }

    private static IServer AnyServer(IConnectionMultiplexer multiplexer) =>
        multiplexer.GetEndPoints().Select(endpoint => multiplexer.GetServer(endpoint)).First(server => server.IsConnected);
}
