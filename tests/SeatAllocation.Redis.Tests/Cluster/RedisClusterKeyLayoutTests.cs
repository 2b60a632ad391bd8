using SeatAllocation.Servers;
using StackExchange.Redis;

namespace SeatAllocation.Redis.Tests.Cluster;

/// <summary>
/// The <c>{showId}</c> hash tag, seen from the cluster: every key of a show is in the show's slot on
/// one master, different shows are on different masters, and the cluster does refuse a script over
/// two shows' keys — so the cluster runs of the other tests would fail on a key outside a show's slot.
/// </summary>
public sealed class RedisClusterKeyLayoutTests : IDisposable
{
    private readonly RedisFailureLog _log = new();

    [Fact]
    public async Task Every_key_of_a_show_is_in_its_slot_on_one_master_and_the_shows_are_spread_over_every_master()
    {
        var multiplexer = await TestRedisCluster.GetMultiplexerAsync();
        var masters = await ClusterLayout.MastersAsync(multiplexer);
        Assert.True(masters.Count >= ThrowawayRedisCluster.MasterCount, $"Expected at least {ThrowawayRedisCluster.MasterCount} masters, found {masters.Count}.");
        var shows = await ClusterLayout.OneShowPerMasterAsync(multiplexer, masters, "layout");
        var strategy = await RedisClusterTestEnvironment.CreateStrategyAsync(_log);

        foreach (var (showId, _) in shows)
        {
            await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1", "A2", "A3"));
            Assert.True((await strategy.BookAsync(AllocationRequest.ForSeats(showId, "ada-1", "ada", "A1"))).Succeeded);
            Assert.True((await strategy.HoldAsync(AllocationRequest.ForSeats(showId, "bob-1", "bob", "A2"), TimeSpan.FromMinutes(5))).Succeeded);
            Assert.Equal(["A1", "A2"], (await strategy.BookAsync(AllocationRequest.ForSeats(showId, "cy-1", "cy", "A1", "A2", "A3"))).UnavailableSeatIds);
        }

        foreach (var (showId, owner) in shows)
        {
            var keys = RedisState.Keys(showId);
            RedisKey[] written = [keys.Show, keys.Expiry, keys.Quantities, keys.Requests, keys.SeatIds, keys.Seat("A1"), keys.Seat("A2")];
            var slots = await Task.WhenAll(written.Select(key => ClusterLayout.KeySlotAsync(multiplexer, key)));
            var slot = Assert.Single(slots.Distinct());
            Assert.Same(owner, ClusterLayout.OwnerOf(masters, slot));

            foreach (var master in masters)
            {
                var held = await ClusterLayout.KeysInSlotAsync(multiplexer, master, slot);
                if (ReferenceEquals(master, owner))
                {
                    Assert.Subset(held.ToHashSet(StringComparer.Ordinal), written.Select(key => (string)key!).ToHashSet(StringComparer.Ordinal));
                }
                else
                {
                    Assert.Empty(held);
                }
            }

            await RedisState.AssertInStepAsync(await RedisClusterTestEnvironment.GetRedisAsync(), strategy, showId);
            Assert.True((await strategy.VerifyAsync(showId)).IsValid);
        }

        Assert.Equal(masters.Count, shows.Select(show => show.Master).Distinct().Count());
    }

    [Fact]
    public async Task The_cluster_refuses_a_script_over_the_keys_of_two_shows_and_runs_it_over_one_shows_keys()
    {
        var multiplexer = await TestRedisCluster.GetMultiplexerAsync();
        var masters = await ClusterLayout.MastersAsync(multiplexer);
        var shows = await ClusterLayout.OneShowPerMasterAsync(multiplexer, masters, "crossslot");
        var (first, firstMaster) = shows[0];
        var second = shows[1].ShowId;
        var server = multiplexer.GetServer(firstMaster.EndPoint!);

        // Key names as plain arguments, so the client does not check their slots itself: the server decides.
        var error = await Assert.ThrowsAsync<RedisServerException>(() =>
            server.ExecuteAsync("EVAL", "return 1", 2, (string)RedisState.Keys(first).Show!, (string)RedisState.Keys(second).Show!));
        var sameShow = await server.ExecuteAsync("EVAL", "return 1", 2, (string)RedisState.Keys(first).Show!, (string)RedisState.Keys(first).Seat("A1")!);

        Assert.StartsWith("CROSSSLOT", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (int)sameShow);
    }

    public void Dispose() => _log.AssertNoRedisFailure();
}
