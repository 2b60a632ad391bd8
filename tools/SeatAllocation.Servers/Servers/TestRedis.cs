using System.Net.Sockets;
using StackExchange.Redis;

namespace SeatAllocation.Servers;

/// <summary>
/// The one shared Redis server of the whole test process, chosen on first use in this order: the
/// StackExchange.Redis configuration string in the <c>SEATALLOCATION_REDIS</c> environment variable; a
/// <see cref="DockerRedis"/> container when a Docker engine answers; a <see cref="ThrowawayRedis"/> from
/// the local <c>redis-server</c>. <c>SEATALLOCATION_TEST_SERVERS</c> (<see cref="TestServerMode"/>) can
/// insist on Docker or on the local binary. The choice is written to standard error; the server is
/// stopped when the process exits. Tests that stop, restart or flush Redis take their own server from
/// <see cref="StartDedicatedAsync"/>, always from the local binary. When no server can be had every
/// caller gets an <see cref="InvalidOperationException"/> saying how to provide one: integration tests
/// fail, they never skip.
/// </summary>
public static class TestRedis
{
    /// <summary>The environment variable holding a StackExchange.Redis configuration string to use instead of a throwaway server.</summary>
    public const string EnvironmentVariable = "SEATALLOCATION_REDIS";

    /// <summary>Generous for a 2-core machine running tests in parallel; a stopped server fails commands at once anyway.</summary>
    private const int SyncTimeoutMilliseconds = 10_000;

    private static readonly Lazy<Task<Server>> Shared = new(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The shared multiplexer, connected to the shared server. Do not dispose it; it lives as long
    /// as the process. Tests share the server, so they must use keys of their own (e.g. a new show id).
    /// </summary>
    public static async Task<ConnectionMultiplexer> GetMultiplexerAsync() => (await Shared.Value.ConfigureAwait(false)).Multiplexer;

    /// <summary>
    /// The shared server's configuration string, with the defaults the shared multiplexer uses
    /// (<c>abortConnect=false</c>, <c>syncTimeout=10000</c>) unless the configured string sets them.
    /// </summary>
    public static async Task<string> GetConfigurationAsync() => (await Shared.Value.ConfigureAwait(false)).Configuration;

    /// <summary>
    /// Starts a Redis server for one test alone, from the local <c>redis-server</c> binary even when
    /// <c>SEATALLOCATION_REDIS</c> is set (a shared or external server must not be stopped or
    /// flushed) and whatever <c>SEATALLOCATION_TEST_SERVERS</c> says: these tests kill Redis and
    /// restart it on the same port, which a container cannot promise (a restarted container may get
    /// another mapped port). The caller disposes it.
    /// </summary>
    public static async Task<ThrowawayRedis> StartDedicatedAsync()
    {
        try
        {
            return await ThrowawayRedis.StartAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException(
                "Could not start a dedicated throwaway Redis server (tests that stop, restart or flush Redis need the local " +
                $"redis-server binary even when {EnvironmentVariable} is set): " + ex.Message,
                ex);
        }
    }

    private static async Task<Server> CreateAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            TestServerChoice.Report($"Redis: the server in {EnvironmentVariable}");
            return await ConnectAsync(configured, ownServer: null, $"the {EnvironmentVariable} environment variable (unset it to let the tests start a throwaway server instead)").ConfigureAwait(false);
        }

        var mode = TestServerChoice.Mode;
        if (mode != TestServerMode.Local)
        {
            var container = await TestServerChoice.TryStartContainerAsync("Redis", DockerRedis.ConfiguredImage, () => DockerRedis.StartAsync(), mode).ConfigureAwait(false);
            if (container is not null)
            {
                TestServerChoice.Report($"Redis: {container} (Testcontainers, {TestServerChoice.Describe(mode)})");
                return await ConnectAsync(container.Configuration, container, $"a container of {container.Image}").ConfigureAwait(false);
            }
        }

        ThrowawayRedis throwaway;
        try
        {
            throwaway = await ThrowawayRedis.StartAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException(HowToProvideAServer("Could not start a throwaway Redis server: " + ex.Message), ex);
        }

        TestServerChoice.Report($"Redis: {throwaway} from the local binary ({TestServerChoice.Describe(mode)})");
        return await ConnectAsync(throwaway.Configuration, throwaway, "a throwaway server").ConfigureAwait(false);
    }

    private static async Task<Server> ConnectAsync(string configuration, IAsyncDisposable? ownServer, string source)
    {
        ConnectionMultiplexer? multiplexer = null;
        using var connectLog = new StringWriter();
        try
        {
            var withDefaults = WithDefaults(configuration);
            multiplexer = await ConnectionMultiplexer.ConnectAsync(withDefaults, connectLog).ConfigureAwait(false);

            // Fail here, once, with a clear message rather than in every test.
            await multiplexer.GetDatabase().PingAsync().ConfigureAwait(false);

            var server = new Server(withDefaults.ToString(), multiplexer, ownServer);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
            return server;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ArgumentException or InvalidOperationException or SocketException)
        {
            multiplexer?.Dispose();
            if (ownServer is not null)
            {
                await ownServer.DisposeAsync().ConfigureAwait(false);
            }

            var log = connectLog.ToString().TrimEnd();
            var problem = $"Could not connect to the Redis server from {source}: {ex.Message}";
            if (log.Length > 0)
            {
                problem += Environment.NewLine + "Connection log:" + Environment.NewLine + log;
            }

            throw new InvalidOperationException(HowToProvideAServer(problem), ex);
        }
    }

    /// <summary>Sets abortConnect=false and syncTimeout=10000 unless the given string sets them.</summary>
    private static ConfigurationOptions WithDefaults(string configuration)
    {
        var keys = configuration.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .Select(pair => pair[0].Trim())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var options = ConfigurationOptions.Parse(configuration);
        if (!keys.Contains("abortConnect"))
        {
            options.AbortOnConnectFail = false;
        }

        if (!keys.Contains("syncTimeout"))
        {
            options.SyncTimeout = SyncTimeoutMilliseconds;
        }

        return options;
    }

    private static string HowToProvideAServer(string problem) =>
        problem.TrimEnd() + Environment.NewLine + Environment.NewLine +
        "The integration tests need a Redis server. Provide one in any of these ways:" + Environment.NewLine +
        $"  1. set {EnvironmentVariable} to a StackExchange.Redis configuration string, e.g." + Environment.NewLine +
        $"     export {EnvironmentVariable}='127.0.0.1:6379,abortConnect=false'" + Environment.NewLine +
        $"  2. run a Docker engine; the tests then start a container of {DockerRedis.ConfiguredImage} ({DockerRedis.ImageVariable} picks another image)" + Environment.NewLine +
        "  3. install redis-server so it is on PATH or at /usr/bin/redis-server" + Environment.NewLine +
        "     (sudo apt-get install redis-server); the tests then start a throwaway server themselves" + Environment.NewLine +
        "  4. run eng/test.sh, which installs redis-server when it is missing and runs the tests.";

    private sealed class Server(string configuration, ConnectionMultiplexer multiplexer, IAsyncDisposable? ownServer)
    {
        private int stopped;

        public string Configuration { get; } = configuration;

        public ConnectionMultiplexer Multiplexer { get; } = multiplexer;

        public void Stop()
        {
            if (Interlocked.Exchange(ref stopped, 1) != 0)
            {
                return;
            }

            // Close without waiting for outstanding commands: test hosts are killed soon after they
            // are asked to exit, and the watchdogs of ThrowawayRedis and DockerRedis finish the job
            // if this handler is cut short.
            Multiplexer.Close(allowCommandsToComplete: false);
            Multiplexer.Dispose();
            ownServer?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
