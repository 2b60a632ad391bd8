using System.Diagnostics;
using System.Globalization;
using Npgsql;
using SeatAllocation.Servers;
using SeatAllocation.Soak.Checking;
using SeatAllocation.Soak.Cluster;
using SeatAllocation.Soak.History;
using SeatAllocation.Soak.Nemesis;
using SeatAllocation.Soak.Reporting;
using SeatAllocation.Soak.Workload;

namespace SeatAllocation.Soak;

/// <summary>
/// One soak: servers, two app processes per strategy, workload and nemesis together, then quiet:
/// heal, resolve every ambiguous request by a replay, let the holds expire, sell every free seat,
/// read availability through every instance, read the database, check.
/// </summary>
public static class SoakRun
{
    private static readonly TimeSpan HoldDuration = TimeSpan.FromSeconds(4);

    private static readonly TimeSpan ReconcileInterval = TimeSpan.FromSeconds(5);

    private static readonly (string Name, string Kind)[] Strategies =
    [
        ("pessimistic", "Pessimistic"),
        ("optimistic", "Optimistic"),
        ("group-commit", "GroupCommit"),
        ("redis-admission", "RedisAdmission"),
    ];

    public static async Task<int> RunAsync(SoakOptions options, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var outDirectory = Path.GetDirectoryName(Path.GetFullPath(options.Out))!;
        Directory.CreateDirectory(outDirectory);
        var historyPath = Path.ChangeExtension(Path.GetFullPath(options.Out), ".history.jsonl");
        Say($"seed {options.Seed}, mode {options.Mode}; history in {historyPath}");

        await using var postgres = await ThrowawayPostgres.StartAsync(cancellationToken).ConfigureAwait(false);
        await using var redis = await ThrowawayRedis.StartAsync(cancellationToken).ConfigureAwait(false);
        await using var history = new HistoryRecorder(historyPath);
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30), MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(10) };
        var soakHttp = new SoakHttp(http, history, TimeProvider.System);

        var clusters = await CreateClustersAsync(options, postgres, redis, outDirectory, cancellationToken).ConfigureAwait(false);
        var instances = clusters.SelectMany(c => c.Instances).ToList();
        try
        {
            foreach (var instance in instances)
            {
                await instance.StartAsync(http, TimeSpan.FromSeconds(90), cancellationToken).ConfigureAwait(false);
            }

            Say($"{instances.Count} app instances up after {watch.Elapsed.TotalSeconds:F0} s");
            await soakHttp.SignInAsync(instances[0], WorkloadUsers(clusters, options).Append(QuietPhase.SellOutUserId)).ConfigureAwait(false);
            await CreateShowsAsync(clusters, soakHttp, cancellationToken).ConfigureAwait(false);

            // Faults and workload together.
            using var faultsOver = new CancellationTokenSource();
            var nemesis = new FaultInjector(postgres, redis, instances, http, history, options.Seed);
            var nemesisTask = nemesis.RunAsync(faultsOver.Token);
            var workloadStart = Stopwatch.StartNew();
            long count = 0;
            bool KeepGoing() => options.Operations is { } budget ? Interlocked.Increment(ref count) <= budget : workloadStart.Elapsed < options.Duration;
            var clients = clusters.SelectMany((cluster, c) => Enumerable.Range(0, options.ClientsPerStrategy).Select(i =>
                new WorkloadClient(ClientNumber(c, i), cluster, soakHttp, options.Seed + c * 1000 + i).RunAsync(KeepGoing, cancellationToken))).ToList();
            var progress = Task.Run(async () =>
            {
                while (!faultsOver.IsCancellationRequested)
                {
                    await Task.Delay(15_000, CancellationToken.None).ConfigureAwait(false);
                    Say($"{history.Operations.Count} operations, {history.Faults.Count} faults, {workloadStart.Elapsed.TotalSeconds:F0} s");
                }
            }, CancellationToken.None);
            await Task.WhenAll(clients).ConfigureAwait(false);
            await faultsOver.CancelAsync().ConfigureAwait(false);
            await nemesisTask.ConfigureAwait(false);
            Say($"faults over: {history.Operations.Count} operations, {history.Faults.Count} faults in {workloadStart.Elapsed.TotalSeconds:F0} s; healing");

            await nemesis.HealAsync(cancellationToken).ConfigureAwait(false);
            await QuietPhase.ResolveAmbiguousAsync(clusters, soakHttp, cancellationToken).ConfigureAwait(false);
            // Every hold expires, and every Redis admission show is due for its reconciliation.
            await Task.Delay((HoldDuration > ReconcileInterval ? HoldDuration : ReconcileInterval) + TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            await QuietPhase.SellOutAsync(postgres.ConnectionString, clusters, soakHttp, cancellationToken).ConfigureAwait(false);
            await QuietPhase.ReadEverywhereAsync(clusters, soakHttp, cancellationToken).ConfigureAwait(false);

            var database = await DatabaseReader.ReadAsync(postgres.ConnectionString, clusters, cancellationToken).ConfigureAwait(false);
            var findings = await DatabaseReader.VerifyAsync(postgres.ConnectionString, clusters, cancellationToken).ConfigureAwait(false);
            var operations = history.Operations;
            var violations = HistoryChecker.Check(operations, database, findings);
            var report = SoakReport.Render(options, operations, history.Faults, violations, watch.Elapsed);
            await File.WriteAllTextAsync(options.Out, report, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.ChangeExtension(options.Out, ".json"), SoakReport.Json(options, operations, history.Faults, violations, watch.Elapsed), cancellationToken).ConfigureAwait(false);
            Console.WriteLine(SoakReport.Summary(options, operations, history.Faults, violations, watch.Elapsed));
            Say($"report in {options.Out}");
            if (violations.Count > 0)
            {
                PrintAppErrors(outDirectory);
            }

            return violations.Count == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The number of strategy <paramref name="cluster"/>'s client <paramref name="client"/>, which names its user.</summary>
    private static int ClientNumber(int cluster, int client) => cluster * 100 + client;

    /// <summary>Every workload client's user, so their tokens can be fetched before the faults start.</summary>
    private static IEnumerable<string> WorkloadUsers(IReadOnlyList<StrategyCluster> clusters, SoakOptions options) =>
        clusters.SelectMany((_, c) => Enumerable.Range(0, options.ClientsPerStrategy).Select(i => WorkloadClient.UserId(ClientNumber(c, i))));

    internal static void Say(string message) =>
        Console.WriteLine($"soak [{DateTime.UtcNow:HH:mm:ss}]: {message}");

    /// <summary>
    /// Prints the apps' logged errors (the first lines of each), so that a failing run in CI, whose
    /// files nobody can open afterwards, shows the exception behind a 500 or a refusal.
    /// </summary>
    private static void PrintAppErrors(string logDirectory)
    {
        const int MaxLines = 120;
        var printed = 0;
        foreach (var log in Directory.EnumerateFiles(logDirectory, "app-*.log").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(log);
            for (var i = 0; i < lines.Length && printed < MaxLines; i++)
            {
                if (!lines[i].StartsWith("fail:", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var line in lines.Skip(i).Take(8))
                {
                    Console.WriteLine($"{Path.GetFileName(log)}: {line}");
                    printed++;
                }
            }
        }
    }

    private static async Task<IReadOnlyList<StrategyCluster>> CreateClustersAsync(SoakOptions options, ThrowawayPostgres postgres, ThrowawayRedis redis, string logDirectory, CancellationToken cancellationToken)
    {
        var clusters = new List<StrategyCluster>();
        await using var admin = new NpgsqlConnection(postgres.ConnectionString);
        await admin.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (name, kind) in Strategies)
        {
            var database = "soak_" + name.Replace('-', '_');
            await using (var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var connection = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Database = database, ApplicationName = "soak-" + name }.ConnectionString;
            var environment = new Dictionary<string, string>
            {
                // Development, so that POST /dev/tokens gives the workload's users their tokens, signed
                // with appsettings.Development.json's key (next to the app, its working directory),
                // which every instance shares.
                ["ASPNETCORE_ENVIRONMENT"] = "Development",

                // Each client sends as fast as it gets answers, far over a person's rate: the soak
                // checks the allocations, not the limiter, and a 429 would only thin the workload.
                ["SeatAllocation__RateLimits__TokenLimit"] = "1000000",
                ["SeatAllocation__RateLimits__TokensPerPeriod"] = "1000000",
                ["SeatAllocation__Strategy"] = kind,
                ["SeatAllocation__HoldDuration"] = HoldDuration.ToString("c", CultureInfo.InvariantCulture),
                ["SeatAllocation__Postgres__ExpiredHoldSweepInterval"] = "00:00:02",
                ["ConnectionStrings__Postgres"] = connection,
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware"] = "Warning",
            };
            if (kind == "RedisAdmission")
            {
                environment["ConnectionStrings__Redis"] = redis.Configuration + ",abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";

                // An instance killed between PostgreSQL's commit and the Redis update leaves Redis
                // counting free seats as taken until the periodic reconciliation (5 min by default);
                // the quiet phase waits longer than this before it sells every free seat.
                environment["SeatAllocation__Redis__ReconcileInterval"] = ReconcileInterval.ToString("c", CultureInfo.InvariantCulture);
            }

            var instances = Enumerable.Range(0, 2).Select(i => new AppInstance(name, i, LocalServer.FindFreePort(), Path.GetFullPath(options.App), environment, logDirectory)).ToList();
            var prefix = $"soak{options.Seed.ToString(CultureInfo.InvariantCulture)}";
            ShowPlan[] shows =
            [
                .. Enumerable.Range(0, 3).Select(s => new ShowPlan($"{prefix}-seated-{s}", [.. Enumerable.Range(1, 24).Select(n => $"{(char)('A' + (n - 1) / 8)}{n}")], 24)),
                .. Enumerable.Range(0, 2).Select(s => new ShowPlan($"{prefix}-ga-{s}", null, 40)),
            ];
            clusters.Add(new StrategyCluster(name, database, instances, shows));
        }

        return clusters;
    }

    private static async Task CreateShowsAsync(IReadOnlyList<StrategyCluster> clusters, SoakHttp http, CancellationToken cancellationToken)
    {
        foreach (var cluster in clusters)
        {
            foreach (var show in cluster.Shows)
            {
                var op = new Operation { Kind = OperationKind.CreateShow, ShowId = show.ShowId, Key = "create-" + show.ShowId, Seats = show.Seats, Quantity = show.IsSeated ? null : show.Capacity };
                var done = await http.SendAsync(op, cluster.Instances[0], cancellationToken).ConfigureAwait(false);
                if (done.Status != 201)
                {
                    throw new InvalidOperationException($"Creating {cluster.Name}/{show.ShowId} answered {done.Status} {done.Error}.");
                }
            }
        }
    }
}
