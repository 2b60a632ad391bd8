using System.Data.Common;
using Npgsql;

namespace SeatAllocation.Servers;

/// <summary>
/// The one PostgreSQL server of the whole test process, chosen on first use in this order: the
/// connection string in the <c>SEATALLOCATION_POSTGRES</c> environment variable; a
/// <see cref="DockerPostgres"/> container when a Docker engine answers; a <see cref="ThrowawayPostgres"/>
/// from the local binaries. <c>SEATALLOCATION_TEST_SERVERS</c> (<see cref="TestServerMode"/>) can insist
/// on Docker or on the local binaries. The choice is written to standard error; the server is stopped
/// when the process exits. When no server can be had every caller gets an
/// <see cref="InvalidOperationException"/> saying how to provide one: integration tests fail, they never skip.
/// </summary>
public static class TestPostgres
{
    /// <summary>The environment variable holding an Npgsql connection string to use instead of a throwaway server.</summary>
    public const string EnvironmentVariable = "SEATALLOCATION_POSTGRES";

    private const int MaximumPoolSize = 200;
    private const int ConnectTimeoutSeconds = 60;

    private static readonly Lazy<Task<Server>> Shared = new(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The shared data source (pool of up to 200 connections unless the connection string says
    /// otherwise). Do not dispose it; it lives as long as the process.
    /// </summary>
    public static async Task<NpgsqlDataSource> GetDataSourceAsync() => (await Shared.Value.ConfigureAwait(false)).DataSource;

    /// <summary>The shared server's connection string, with the pool settings the data source uses.</summary>
    public static async Task<string> GetConnectionStringAsync() => (await Shared.Value.ConfigureAwait(false)).ConnectionString;

    private static async Task<Server> CreateAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            TestServerChoice.Report($"PostgreSQL: the server in {EnvironmentVariable}");
            return await ConnectAsync(configured, ownServer: null, $"the {EnvironmentVariable} environment variable (unset it to let the tests start a throwaway server instead)").ConfigureAwait(false);
        }

        var mode = TestServerChoice.Mode;
        if (mode != TestServerMode.Local)
        {
            var container = await TestServerChoice.TryStartContainerAsync("PostgreSQL", DockerPostgres.ConfiguredImage, () => DockerPostgres.StartAsync(), mode).ConfigureAwait(false);
            if (container is not null)
            {
                TestServerChoice.Report($"PostgreSQL: {container} (Testcontainers, {TestServerChoice.Describe(mode)})");
                return await ConnectAsync(container.ConnectionString, container, $"a container of {container.Image}").ConfigureAwait(false);
            }
        }

        ThrowawayPostgres throwaway;
        try
        {
            throwaway = await ThrowawayPostgres.StartAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException(HowToProvideAServer("Could not start a throwaway PostgreSQL server: " + ex.Message), ex);
        }

        TestServerChoice.Report($"PostgreSQL: {throwaway} from the local binaries ({TestServerChoice.Describe(mode)})");
        return await ConnectAsync(throwaway.ConnectionString, throwaway, "a throwaway server").ConfigureAwait(false);
    }

    private static async Task<Server> ConnectAsync(string connectionString, IAsyncDisposable? ownServer, string source)
    {
        NpgsqlDataSource? dataSource = null;
        try
        {
            var withPool = WithPoolDefaults(connectionString);
            dataSource = NpgsqlDataSource.Create(withPool);

            // Fail here, once, with a clear message rather than in every test.
            await using (var command = dataSource.CreateCommand("select 1"))
            {
                await command.ExecuteScalarAsync().ConfigureAwait(false);
            }

            var server = new Server(withPool, dataSource, ownServer);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
            return server;
        }
        catch (Exception ex) when (ex is NpgsqlException or ArgumentException or InvalidOperationException or TimeoutException)
        {
            if (dataSource is not null)
            {
                await dataSource.DisposeAsync().ConfigureAwait(false);
            }

            if (ownServer is not null)
            {
                await ownServer.DisposeAsync().ConfigureAwait(false);
            }

            throw new InvalidOperationException(HowToProvideAServer($"Could not connect to the PostgreSQL server from {source}: {ex.Message}"), ex);
        }
    }

    /// <summary>Sets Maximum Pool Size=200 and Timeout=60 unless the given string sets them (under any alias).</summary>
    private static string WithPoolDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var keys = given.Keys.Cast<string>()
            .Select(k => k.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant())
            .ToHashSet(StringComparer.Ordinal);

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!keys.Contains("MAXIMUMPOOLSIZE") && !keys.Contains("MAXPOOLSIZE"))
        {
            builder.MaxPoolSize = MaximumPoolSize;
        }

        if (!keys.Contains("TIMEOUT"))
        {
            builder.Timeout = ConnectTimeoutSeconds;
        }

        return builder.ConnectionString;
    }

    private static string HowToProvideAServer(string problem) =>
        problem.TrimEnd() + Environment.NewLine + Environment.NewLine +
        "The integration tests need a PostgreSQL server. Provide one in any of these ways:" + Environment.NewLine +
        $"  1. set {EnvironmentVariable} to an Npgsql connection string, e.g." + Environment.NewLine +
        $"     export {EnvironmentVariable}='Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres'" + Environment.NewLine +
        $"  2. run a Docker engine; the tests then start a container of {DockerPostgres.ConfiguredImage} ({DockerPostgres.ImageVariable} picks another image)" + Environment.NewLine +
        "  3. install PostgreSQL so initdb and pg_ctl are on PATH or in /usr/lib/postgresql/*/bin" + Environment.NewLine +
        "     (sudo apt-get install postgresql); the tests then start a throwaway server themselves" + Environment.NewLine +
        "  4. run eng/test.sh, which installs PostgreSQL when it is missing and runs the tests.";

    private sealed class Server(string connectionString, NpgsqlDataSource dataSource, IAsyncDisposable? ownServer)
    {
        private int stopped;

        public string ConnectionString { get; } = connectionString;

        public NpgsqlDataSource DataSource { get; } = dataSource;

        public void Stop()
        {
            if (Interlocked.Exchange(ref stopped, 1) != 0)
            {
                return;
            }

            if (ownServer is null)
            {
                // Someone else's server: close our connections politely.
                DataSource.Dispose();
                return;
            }

            // Our own server or container: an immediate stop ends every backend at once, which is
            // faster than closing 200 pooled connections one by one first. Test hosts are killed soon
            // after they are asked to exit (VSTest: VSTEST_TESTHOST_SHUTDOWN_TIMEOUT, 100 ms by
            // default; eng/test.sh raises it), so every millisecond counts; the watchdogs of
            // ThrowawayPostgres and DockerPostgres finish the job if this handler is cut short.
            ownServer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
