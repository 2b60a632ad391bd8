using System.Net.Sockets;
using StackExchange.Redis;

namespace SeatAllocation.Servers;

/// <summary>
/// The one shared Redis Cluster of the whole test process. Uses the StackExchange.Redis configuration
/// string in the <c>SEATALLOCATION_REDIS_CLUSTER</c> environment variable when it is set; otherwise
/// starts one <see cref="ThrowawayRedisCluster"/> (three masters) on first use and stops it when the
/// process exits. Tests that stop a master take a cluster of their own from
/// <see cref="StartDedicatedAsync"/>. When no cluster can be had every caller gets an
/// <see cref="InvalidOperationException"/> saying how to provide one: the cluster tests fail, they
/// never skip.
/// </summary>
public static class TestRedisCluster
{
    /// <summary>The environment variable holding a StackExchange.Redis configuration string of a running cluster to use instead of a throwaway one.</summary>
    public const string EnvironmentVariable = "SEATALLOCATION_REDIS_CLUSTER";

    /// <summary>As <see cref="TestRedis"/>: generous for a 2-core machine running tests in parallel.</summary>
    private const int SyncTimeoutMilliseconds = 10_000;

    private static readonly Lazy<Task<ConnectionMultiplexer>> Shared = new(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The shared multiplexer, connected to every master of the shared cluster. Do not dispose it; it
    /// lives as long as the process. Tests share the cluster, so they must use keys of their own.
    /// </summary>
    public static Task<ConnectionMultiplexer> GetMultiplexerAsync() => Shared.Value;

    /// <summary>
    /// Starts a three-master cluster for one test alone, from the local binaries even when
    /// <c>SEATALLOCATION_REDIS_CLUSTER</c> is set (a shared or external cluster must not be stopped).
    /// The caller disposes it.
    /// </summary>
    public static async Task<ThrowawayRedisCluster> StartDedicatedAsync()
    {
        try
        {
            return await ThrowawayRedisCluster.StartAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException(
                "Could not start a dedicated throwaway Redis Cluster (tests that stop a master need the local redis-server " +
                $"and redis-cli binaries even when {EnvironmentVariable} is set): " + ex.Message,
                ex);
        }
    }

    /// <summary>
    /// Connects to a cluster with the settings the tests use and checks it is one: <c>abortConnect=false</c>,
    /// <c>syncTimeout=10000</c>, and <c>allowAdmin=true</c>, so tests can ask the cluster where keys
    /// live (<c>CLUSTER NODES</c>, <c>CLUSTER KEYSLOT</c>, <c>CLUSTER GETKEYSINSLOT</c>).
    /// </summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.SyncTimeout = SyncTimeoutMilliseconds;
        options.AllowAdmin = true;
        using var connectLog = new StringWriter();
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(options, connectLog).ConfigureAwait(false);
        try
        {
            await multiplexer.GetDatabase().PingAsync().ConfigureAwait(false);
            var notCluster = multiplexer.GetEndPoints()
                .Select(endpoint => multiplexer.GetServer(endpoint))
                .Where(server => server.IsConnected && server.ServerType != ServerType.Cluster)
                .Select(server => server.EndPoint.ToString())
                .ToList();
            if (notCluster.Count > 0)
            {
                throw new InvalidOperationException($"Not Redis Cluster nodes (cluster_enabled:0): {string.Join(", ", notCluster)}.");
            }

            return multiplexer;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or InvalidOperationException or SocketException)
        {
            multiplexer.Dispose();
            var log = connectLog.ToString().TrimEnd();
            throw new InvalidOperationException(
                $"Could not use the Redis Cluster at {configuration}: {ex.Message}" + (log.Length > 0 ? Environment.NewLine + "Connection log:" + Environment.NewLine + log : string.Empty),
                ex);
        }
    }

    private static async Task<ConnectionMultiplexer> CreateAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            try
            {
                return await ConnectAsync(configured).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                throw new InvalidOperationException(HowToProvideACluster($"{ex.Message} (from the {EnvironmentVariable} environment variable; unset it to let the tests start a throwaway cluster instead)"), ex);
            }
        }

        ThrowawayRedisCluster cluster;
        try
        {
            cluster = await ThrowawayRedisCluster.StartAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException(HowToProvideACluster("Could not start a throwaway Redis Cluster: " + ex.Message), ex);
        }

        ConnectionMultiplexer multiplexer;
        try
        {
            multiplexer = await ConnectAsync(cluster.Configuration).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException(HowToProvideACluster(ex.Message), ex);
        }

        var stopped = 0;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Interlocked.Exchange(ref stopped, 1) == 0)
            {
                // As TestRedis: no waiting for outstanding commands; the watchdogs finish the job if cut short.
                multiplexer.Close(allowCommandsToComplete: false);
                multiplexer.Dispose();
                cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        };
        return multiplexer;
    }

    private static string HowToProvideACluster(string problem) =>
        problem.TrimEnd() + Environment.NewLine + Environment.NewLine +
        "The Redis Cluster tests need a Redis Cluster with three masters. Provide one in any of these ways:" + Environment.NewLine +
        "  1. install redis-server (7.0 or newer) and redis-cli so they are on PATH or in /usr/bin" + Environment.NewLine +
        "     (sudo apt-get install redis-server); the tests then start a throwaway cluster on loopback themselves" + Environment.NewLine +
        $"  2. set {EnvironmentVariable} to a StackExchange.Redis configuration string naming the masters, e.g." + Environment.NewLine +
        $"     export {EnvironmentVariable}='127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002'" + Environment.NewLine +
        "  3. run eng/test.sh, which installs redis-server when it is missing and runs the tests.";
}
