using System.Diagnostics;
using Npgsql;
using SeatAllocation.Benchmarks.Baselines;
using SeatAllocation.Benchmarks.Race;
using SeatAllocation.Benchmarks.Reporting;
using SeatAllocation.Benchmarks.Strategies;
using SeatAllocation.Servers;

namespace SeatAllocation.Benchmarks;

/// <summary>The <c>race</c> command: servers, baselines, every scenario × strategy, the report.</summary>
internal static class RaceCommand
{
    public static async Task<int> RunAsync(HarnessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var log = new ProgressLog();
        var total = Stopwatch.StartNew();
        var settings = options.Settings;
        IReadOnlyList<StrategyEntry> strategies;
        List<Scenario> scenarios;
        List<Scenario> rerunScenarios;
        try
        {
            strategies = StrategyCatalog.Select(options.Strategies);
            scenarios = SelectScenarios(options.Scenarios);
            rerunScenarios = [.. SelectScenarios(settings.DurableRerun, allWhenEmpty: false).Where(scenarios.Contains)];
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        log.Say($"SeatAllocation race harness, {settings.Mode} mode{(options.Durable ? ", durable server" : string.Empty)}: {scenarios.Count} scenarios × {strategies.Count} strategies");

        // --- Servers -------------------------------------------------------------------------------
        log.Say(options.Durable
            ? "starting a durable PostgreSQL (fsync and synchronous_commit on; throwaway unless SEATALLOCATION_POSTGRES is set)"
            : "starting PostgreSQL (throwaway unless SEATALLOCATION_POSTGRES is set)");
        ServerPass main;
        try
        {
            main = options.Durable ? await OpenDurableAsync(settings, preferConfigured: true).ConfigureAwait(false) : await OpenTestServerAsync(settings).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine("The race harness needs a PostgreSQL server. " + ex.Message);
            return 1;
        }

        // The main server's pool closes before a durable rerun starts, so it does not sit beside it.
        List<KeyValuePair<string, string>> machine;
        BaselineResult redisBaseline;
        RaceRun mainRun;
        string redisConfiguration = string.Empty;
        await using (main.ConfigureAwait(false))
        {
            if (options.Durable && !main.Server.IsDurable)
            {
                Console.Error.WriteLine($"--durable needs a server with fsync and synchronous_commit on, but the one in {TestPostgres.EnvironmentVariable} runs {main.Server.Summary}. Turn them on, or unset {TestPostgres.EnvironmentVariable} to let the harness start a durable throwaway server.");
                return 1;
            }

            log.Say($"PostgreSQL: {main.Server.Summary}");
            log.Say("starting Redis (throwaway unless SEATALLOCATION_REDIS is set)");
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

            machine = MachineInfo.Collect(main.Server, redisVersion, redisSource);

            // --- Baselines and race, on the main server --------------------------------------------
            if (redisConfiguration.Length > 0)
            {
                log.Say($"baseline: {RedisBenchmark.Eval}, {settings.Clients} clients, {settings.RedisBenchmarkRequests:N0} requests");
                redisBaseline = await RedisBenchmark.RunAsync(redisConfiguration, settings.Clients, settings.RedisBenchmarkRequests).ConfigureAwait(false);
            }
            else
            {
                redisBaseline = new BaselineResult(RedisBenchmark.Eval, "redis-benchmark", settings.Clients, null, "no Redis server");
            }

            log.Say($"baseline: {redisBaseline.Name}: {(redisBaseline.PerSecond is { } v ? $"{v:N0}/s" : redisBaseline.Note)}");
            mainRun = await main.RunAsync(RaceRun.MainName, settings, scenarios, strategies, redisConfiguration, redisBaseline, log).ConfigureAwait(false);
        }

        // --- The hot scenarios again on a durable server --------------------------------------------
        var (durableRerun, durableRerunNote) = await RunDurableRerunAsync(settings, mainRun.Server!, rerunScenarios, strategies, redisConfiguration, redisBaseline, log).ConfigureAwait(false);
        machine.Add(new("load average at end (1/5/15 min)", MachineInfo.LoadAverage()));

        // --- Report --------------------------------------------------------------------------------
        var outFile = Path.GetFullPath(options.OutFile);
        Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
        var chartFile = Path.GetFileNameWithoutExtension(outFile) + "-chart.svg";
        var jsonFile = ResultsJson.PathNextTo(outFile);
        var report = new RaceReport
        {
            Banner = options.Banner,
            Settings = settings,
            CommandLine = options.CommandLine,
            Machine = machine,
            Server = mainRun.Server,
            Baselines = mainRun.Baselines,
            Scenarios = scenarios,
            Strategies = strategies,
            Results = mainRun.Results,
            DurableRerun = durableRerun,
            DurableRerunNote = durableRerunNote,
            Duration = total.Elapsed,
            ChartFileName = chartFile,
            BenchmarkDotNet = ReadBenchmarkDotNetTables(options.BenchmarkDotNetResults),
        };
        var markdown = MarkdownReport.Write(report);
        await File.WriteAllTextAsync(outFile, markdown).ConfigureAwait(false);
        await File.WriteAllTextAsync(jsonFile, ResultsJson.Write(report)).ConfigureAwait(false);
        var chartPath = Path.Combine(Path.GetDirectoryName(outFile)!, chartFile);
        (string Name, string Title)[] chartScenarios = [.. scenarios.Select(s => (s.Name, s.Title))];
        string[] chartStrategies = [.. strategies.Select(s => s.Name)];
        await File.WriteAllTextAsync(chartPath, ResultsChart.RenderSvg(mainRun.Results, chartScenarios, chartStrategies)).ConfigureAwait(false);
        await File.WriteAllBytesAsync(Path.ChangeExtension(chartPath, ".png"), ResultsChart.RenderPng(mainRun.Results, chartScenarios, chartStrategies)).ConfigureAwait(false);

        Console.WriteLine(markdown);
        log.Say($"report written to {outFile} (results {Path.GetFileName(jsonFile)}, chart {chartFile} and {Path.ChangeExtension(chartFile, ".png")}) in {total.Elapsed.TotalMinutes:0.0} min");
        var failed = report.Runs.SelectMany(r => r.Results.Where(x => !x.Verdict.Passed).Select(x => $"{r.Name}: {x.Scenario} · {x.Strategy}")).ToArray();
        if (failed.Length > 0)
        {
            log.Say($"VERIFIER FAILED in {failed.Length} runs ({string.Join(", ", failed)}) — see the report.");
            return 3;
        }

        return 0;
    }

    /// <summary>The usual server: the one in SEATALLOCATION_POSTGRES, or the process's throwaway test server (fsync off).</summary>
    private static async Task<ServerPass> OpenTestServerAsync(RaceSettings settings)
    {
        var connectionString = await TestPostgres.GetConnectionStringAsync().ConfigureAwait(false);
        return await ServerPass.OpenAsync(connectionString, PostgresSource(), settings.PoolSize).ConfigureAwait(false);
    }

    /// <summary>
    /// A durable server: with <paramref name="preferConfigured"/>, the one in SEATALLOCATION_POSTGRES
    /// when it is set (the caller checks that it is durable); otherwise a throwaway server of its own
    /// with <see cref="PostgresServerSettings.DurableSettings"/>, stopped with the pass.
    /// </summary>
    private static async Task<ServerPass> OpenDurableAsync(RaceSettings settings, bool preferConfigured)
    {
        if (preferConfigured && Environment.GetEnvironmentVariable(TestPostgres.EnvironmentVariable) is { Length: > 0 })
        {
            return await OpenTestServerAsync(settings).ConfigureAwait(false);
        }

        var server = await ThrowawayPostgres.StartAsync(PostgresServerSettings.DurableSettings).ConfigureAwait(false);
        try
        {
            // As TestPostgres does: a rush of 1000 clients on 100 connections waits its turn for one.
            var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Timeout = 60 }.ConnectionString;
            return await ServerPass.OpenAsync(connectionString, "throwaway server, durable settings", settings.PoolSize, ownedServer: server).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Races <paramref name="scenarios"/> again on a durable server of its own, with its own pgbench
    /// baselines; in-memory is left out (it never touches PostgreSQL). Returns the run, or why there is none.
    /// </summary>
    private static async Task<(RaceRun? Run, string? Note)> RunDurableRerunAsync(
        RaceSettings settings, PostgresServerSettings mainServer, List<Scenario> scenarios, IReadOnlyList<StrategyEntry> strategies, string redisConfiguration, BaselineResult redisBaseline, ProgressLog log)
    {
        var postgresStrategies = strategies.Where(s => s.Name != InMemoryAllocationStrategy.StrategyName).ToArray();
        if (settings.DurableRerun.Count == 0)
        {
            return (null, null);
        }

        if (mainServer.IsDurable)
        {
            return (null, "not run: the main run's server is durable already.");
        }

        if (scenarios.Count == 0 || postgresStrategies.Length == 0)
        {
            return (null, "not run: none of its scenarios (" + string.Join(", ", settings.DurableRerun) + ") or no PostgreSQL-backed strategy was selected.");
        }

        log.Say($"durable rerun: starting a throwaway PostgreSQL with {string.Join(", ", PostgresServerSettings.DurableSettings)}");
        ServerPass pass;
        try
        {
            pass = await OpenDurableAsync(settings, preferConfigured: false).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            log.Say("durable rerun: could not start a durable server: " + ex.Message.Split('\n')[0]);
            return (null, "not run: could not start a durable server: " + ex.Message.Split('\n')[0]);
        }

        await using (pass.ConfigureAwait(false))
        {
            log.Say($"durable rerun: {pass.Server.Summary}");
            var run = await pass.RunAsync(RaceRun.DurableRerunName, settings, scenarios, postgresStrategies, redisConfiguration, redisBaseline, log).ConfigureAwait(false);
            return (run, null);
        }
    }

    private static string PostgresSource() =>
        Environment.GetEnvironmentVariable(TestPostgres.EnvironmentVariable) is { Length: > 0 } ? TestPostgres.EnvironmentVariable : "throwaway server";

    private static List<Scenario> SelectScenarios(IReadOnlyList<string> names, bool allWhenEmpty = true)
    {
        if (names.Count == 0)
        {
            return allWhenEmpty ? [.. RaceRunner.AllScenarios] : [];
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
