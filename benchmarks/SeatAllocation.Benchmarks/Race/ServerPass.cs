using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using SeatAllocation.Benchmarks.Baselines;
using SeatAllocation.Benchmarks.Strategies;
using SeatAllocation.Postgres;
using SeatAllocation.Servers;

namespace SeatAllocation.Benchmarks.Race;

/// <summary>
/// One PostgreSQL server's share of a harness run: a counted pool on it with the schema migrated,
/// its settings, then its pgbench baselines and every scenario × strategy, measured side by side.
/// The main run and the durable rerun are each one pass, on their own server.
/// </summary>
internal sealed class ServerPass : IAsyncDisposable
{
    private readonly ILoggerFactory logging;
    private readonly NpgsqlRoundTripCounter roundTrips;
    private readonly string connectionString;
    private readonly IAsyncDisposable? ownedServer;

    private ServerPass(NpgsqlDataSource dataSource, PostgresServerSettings server, ILoggerFactory logging, NpgsqlRoundTripCounter roundTrips, string connectionString, IAsyncDisposable? ownedServer)
    {
        DataSource = dataSource;
        Server = server;
        this.logging = logging;
        this.roundTrips = roundTrips;
        this.connectionString = connectionString;
        this.ownedServer = ownedServer;
    }

    /// <summary>The pool every strategy of this pass uses; its log events count the round trips.</summary>
    public NpgsqlDataSource DataSource { get; }

    public PostgresServerSettings Server { get; }

    /// <summary>
    /// Opens a pool of <paramref name="poolSize"/> connections on the server, migrates the schema and
    /// reads the settings. <paramref name="ownedServer"/> (a throwaway server) is stopped with the pass.
    /// </summary>
    public static async Task<ServerPass> OpenAsync(string connectionString, string source, int poolSize, IAsyncDisposable? ownedServer = null)
    {
        // Every round trip the strategies make goes through this pool, so its log events count them.
        var roundTrips = new NpgsqlRoundTripCounter();
        var logging = roundTrips.CreateLoggerFactory();
        var builder = new NpgsqlDataSourceBuilder(connectionString).UseLoggerFactory(logging);
        builder.ConnectionStringBuilder.MaxPoolSize = poolSize;
        var dataSource = builder.Build();
        try
        {
            await PostgresSchemaMigrator.MigrateAsync(dataSource).ConfigureAwait(false);
            var server = await PostgresServerSettings.ReadAsync(dataSource, source).ConfigureAwait(false);
            return new ServerPass(dataSource, server, logging, roundTrips, connectionString, ownedServer);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            logging.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Measures this server's pgbench baselines, then races <paramref name="scenarios"/> × <paramref name="strategies"/>
    /// on it. <paramref name="redisBaseline"/> is the Redis measurement of the whole run (one Redis server serves every pass).
    /// </summary>
    public async Task<RaceRun> RunAsync(string name, RaceSettings settings, IReadOnlyList<Scenario> scenarios, IReadOnlyList<StrategyEntry> strategies, string redisConfiguration, BaselineResult redisBaseline, ProgressLog log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        var baselines = new List<BaselineResult>();
        baselines.AddRange(await PgBench.RunAsync(DataSource, connectionString, settings.Clients, settings.BaselineDuration, baseline =>
            log.Say(string.Create(CultureInfo.InvariantCulture, $"{name} · baseline: {baseline}, {settings.BaselineDuration.TotalSeconds:0} s"))).ConfigureAwait(false));
        foreach (var b in baselines)
        {
            log.Say($"{name} · baseline: {b.Name}: {(b.PerSecond is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:N0}/s") : b.Note)}{(b.AllocationsPerTransaction > 1 && b.ToolRate is { } tps ? string.Create(CultureInfo.InvariantCulture, $" ({tps:N0} statements/s × {b.AllocationsPerTransaction})") : string.Empty)}");
        }

        baselines.Add(redisBaseline);
        var context = new StrategyContext(DataSource, new PostgresAllocationOptions(), redisConfiguration, TimeProvider.System);
        var results = await new RaceRunner(context, settings, log, roundTrips).RunAsync(scenarios, strategies).ConfigureAwait(false);
        return new RaceRun
        {
            Name = name,
            Server = Server,
            Baselines = baselines,
            Scenarios = scenarios,
            Strategies = strategies,
            Results = results,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync().ConfigureAwait(false);
        logging.Dispose();
        if (ownedServer is not null)
        {
            await ownedServer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
