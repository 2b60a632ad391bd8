using System.Diagnostics;
using Npgsql;
using SeatAllocation.Benchmarks.Baselines;
using SeatAllocation.Benchmarks.Race;
using SeatAllocation.Benchmarks.Reporting;
using SeatAllocation.Benchmarks.Strategies;
using SeatAllocation.Postgres;
using SeatAllocation.Testing;

namespace SeatAllocation.Benchmarks;

/// <summary>The <c>race</c> command: servers, baselines, every scenario × strategy, the report.</summary>
internal static class RaceCommand
{
    public static async Task<int> RunAsync(HarnessOptions options)
    {
        var log = new ProgressLog();
        var total = Stopwatch.StartNew();
        var settings = options.Settings;
        IReadOnlyList<StrategyEntry> strategies;
        List<Scenario> scenarios;
        try
        {
            strategies = StrategyCatalog.Select(options.Strategies);
            scenarios = SelectScenarios(options.Scenarios);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        log.Say($"SeatAllocation race harness, {settings.Mode} mode: {scenarios.Count} scenarios × {strategies.Count} strategies");

        // --- Servers -------------------------------------------------------------------------------
        log.Say("starting PostgreSQL (throwaway unless SEATALLOCATION_POSTGRES is set)");
        string connectionString;
        try
        {
            connectionString = await TestPostgres.GetConnectionStringAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine("The race harness needs a PostgreSQL server. " + ex.Message);
            return 1;
        }

        // Every round trip the strategies make goes through this pool, so its log events count them.
        var roundTrips = new NpgsqlRoundTripCounter();
        using var npgsqlLogging = roundTrips.CreateLoggerFactory();
        var builder = new NpgsqlDataSourceBuilder(connectionString).UseLoggerFactory(npgsqlLogging);
        builder.ConnectionStringBuilder.MaxPoolSize = settings.PoolSize;
        await using var dataSource = builder.Build();
        await PostgresSchemaMigrator.MigrateAsync(dataSource).ConfigureAwait(false);
        var postgresSource = Environment.GetEnvironmentVariable(TestPostgres.EnvironmentVariable) is { Length: > 0 } ? TestPostgres.EnvironmentVariable : "throwaway server";

        log.Say("starting Redis (throwaway unless SEATALLOCATION_REDIS is set)");
        string redisConfiguration = string.Empty;
        string? redisVersion = null;
        var redisSource = Environment.GetEnvironmentVariable(TestRedis.EnvironmentVariable) is { Length: > 0 } ? TestRedis.EnvironmentVariable : "throwaway server";
        try
        {
            redisConfiguration = await TestRedis.GetConfigurationAsync().ConfigureAwait(false);
            redisVersion = await RedisVersionAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            // Only redis-benchmark and Redis-backed strategies need it; say so and go on.
            log.Say("Redis unavailable, the Redis baseline will be missing: " + ex.Message.Split('\n')[0]);
        }

        var machine = await MachineInfo.CollectAsync(dataSource, postgresSource, redisVersion, redisSource).ConfigureAwait(false);

        // --- Baselines -----------------------------------------------------------------------------
        var baselines = new List<BaselineResult>();
        baselines.AddRange(await PgBench.RunAsync(dataSource, connectionString, settings.Clients, settings.BaselineDuration, name => log.Say($"baseline: {name}, {settings.Clients} clients, {settings.BaselineDuration.TotalSeconds:0} s")).ConfigureAwait(false));
        if (redisConfiguration.Length > 0)
        {
            log.Say($"baseline: {RedisBenchmark.Eval}, {settings.Clients} clients, {settings.RedisBenchmarkRequests:N0} requests");
            baselines.Add(await RedisBenchmark.RunAsync(redisConfiguration, settings.Clients, settings.RedisBenchmarkRequests).ConfigureAwait(false));
        }
        else
        {
            baselines.Add(new BaselineResult(RedisBenchmark.Eval, "redis-benchmark", settings.Clients, null, "no Redis server"));
        }

        foreach (var b in baselines)
        {
            log.Say($"baseline: {b.Name}: {(b.PerSecond is { } v ? $"{v:N0}/s" : b.Note)}");
        }

        // --- Race ----------------------------------------------------------------------------------
        var context = new StrategyContext(dataSource, new PostgresAllocationOptions(), redisConfiguration, TimeProvider.System);
        var results = await new RaceRunner(context, settings, log, roundTrips).RunAsync(scenarios, strategies).ConfigureAwait(false);
        machine.Add(new("load average at end (1/5/15 min)", MachineInfo.LoadAverage()));

        // --- Report --------------------------------------------------------------------------------
        var outFile = Path.GetFullPath(options.OutFile);
        Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
        var chartFile = Path.GetFileNameWithoutExtension(outFile) + "-chart.svg";
        var report = new RaceReport
        {
            Banner = options.Banner,
            Settings = settings,
            CommandLine = options.CommandLine,
            Machine = machine,
            Baselines = baselines,
            Scenarios = scenarios,
            Strategies = strategies,
            Results = results,
            Duration = total.Elapsed,
            ChartFileName = chartFile,
            BenchmarkDotNet = ReadBenchmarkDotNetTables(options.BenchmarkDotNetResults),
        };
        var markdown = MarkdownReport.Write(report);
        await File.WriteAllTextAsync(outFile, markdown).ConfigureAwait(false);
        await File.WriteAllTextAsync(
            Path.Combine(Path.GetDirectoryName(outFile)!, chartFile),
            ResultsChart.Render(results, [.. scenarios.Select(s => (s.Name, s.Title))], [.. strategies.Select(s => s.Name)])).ConfigureAwait(false);

        Console.WriteLine(markdown);
        log.Say($"report written to {outFile} (chart {chartFile}) in {total.Elapsed.TotalMinutes:0.0} min");
        var failed = results.Where(r => !r.Verdict.Passed).ToArray();
        if (failed.Length > 0)
        {
            log.Say($"VERIFIER FAILED in {failed.Length} runs — see the report.");
            return 3;
        }

        return 0;
    }

    private static List<Scenario> SelectScenarios(IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return [.. RaceRunner.AllScenarios];
        }

        var unknown = names.Where(n => RaceRunner.AllScenarios.All(s => s.Name != n)).ToArray();
        return unknown.Length == 0
            ? [.. RaceRunner.AllScenarios.Where(s => names.Contains(s.Name))]
            : throw new ArgumentException($"Unknown scenario: {string.Join(", ", unknown)}. Known: {string.Join(", ", RaceRunner.AllScenarios.Select(s => s.Name))}.");
    }

    private static async Task<string?> RedisVersionAsync()
    {
        // IServer.Version comes from the connection handshake; INFO would need admin mode.
        var multiplexer = await TestRedis.GetMultiplexerAsync().ConfigureAwait(false);
        return "Redis " + multiplexer.GetServer(multiplexer.GetEndPoints()[0]).Version;
    }

    /// <summary>The suites' report titles, in the order a hold's life goes.</summary>
    private static readonly (string Suite, string Title)[] BenchmarkDotNetSuites =
    [
        ("HoldBenchmarks", "Hold a seat"),
        ("ConfirmBenchmarks", "Confirm a hold"),
        ("BookBenchmarks", "Book a seat"),
        ("CancelBenchmarks", "Cancel a booking"),
        ("ContendedBookBenchmarks", "32 concurrent bookings on one show"),
    ];

    private static List<KeyValuePair<string, string>> ReadBenchmarkDotNetTables(string? directory)
    {
        if (directory is null || !Directory.Exists(directory))
        {
            return [];
        }

        return [.. Directory.GetFiles(directory, "*-report-github.md")
            .Select(file => (Suite: Path.GetFileName(file).Replace("-report-github.md", string.Empty, StringComparison.Ordinal).Split('.')[^1], File: file))
            .OrderBy(f => Array.FindIndex(BenchmarkDotNetSuites, s => s.Suite == f.Suite) is var i and >= 0 ? i : int.MaxValue)
            .ThenBy(f => f.Suite, StringComparer.Ordinal)
            .Select(f => new KeyValuePair<string, string>(
                Array.Find(BenchmarkDotNetSuites, s => s.Suite == f.Suite).Title ?? f.Suite,
                File.ReadAllText(f.File)))];
    }
}
