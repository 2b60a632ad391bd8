using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace SeatAllocation.Benchmarks.Baselines;

/// <summary>
/// Measures what the PostgreSQL server under the race can do at all, with pgbench and custom
/// scripts: the smallest version of one seat allocation per transaction (lock a row, update it,
/// commit), the cheapest round trip, and the group-commit limits (<see cref="GroupCommitLimit"/>:
/// 64 allocations in one statement).
/// </summary>
internal static partial class PgBench
{
    /// <summary>Baseline names, as the ratio columns use them.</summary>
    public const string HotRow = "pgbench hot row";

    public const string RandomRows = "pgbench random rows";

    public const string SelectOne = "pgbench SELECT 1";

    private const int RandomRowCount = 100_000;

    private const string SetupSql = """
        CREATE SCHEMA IF NOT EXISTS bench_baseline;
        DROP TABLE IF EXISTS bench_baseline.hot_row, bench_baseline.rows;
        CREATE TABLE bench_baseline.hot_row (id int PRIMARY KEY, n bigint NOT NULL);
        INSERT INTO bench_baseline.hot_row VALUES (1, 0);
        CREATE TABLE bench_baseline.rows (id int PRIMARY KEY, n bigint NOT NULL);
        INSERT INTO bench_baseline.rows SELECT g, 0 FROM generate_series(1, 100000) g;
        """;

    /// <summary>Every script, in report order: the one-transaction-per-allocation baselines, then the group-commit limits.</summary>
    internal static IReadOnlyList<PgBenchScript> Scripts { get; } =
    [
        new(HotRow, "one row: BEGIN; SELECT … FOR UPDATE; UPDATE; COMMIT", """
            BEGIN;
            SELECT n FROM bench_baseline.hot_row WHERE id = 1 FOR UPDATE;
            UPDATE bench_baseline.hot_row SET n = n + 1 WHERE id = 1;
            COMMIT;
            """),
        new(RandomRows, "a random row of 100,000: BEGIN; SELECT … FOR UPDATE; UPDATE; COMMIT", $"""
            \set id random(1, {RandomRowCount})
            BEGIN;
            SELECT n FROM bench_baseline.rows WHERE id = :id FOR UPDATE;
            UPDATE bench_baseline.rows SET n = n + 1 WHERE id = :id;
            COMMIT;
            """),
        new(SelectOne, "SELECT 1 (one round trip, no data)", "SELECT 1;\n"),
        .. GroupCommitLimit.Scripts,
    ];

    /// <summary>Runs every script, one after the other, against the server of <paramref name="dataSource"/>.</summary>
    public static async Task<IReadOnlyList<BaselineResult>> RunAsync(NpgsqlDataSource dataSource, string connectionString, int clients, TimeSpan duration, Action<string> progress)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(progress);
        var pgbench = ExternalTool.Find("pgbench", [.. NewestPostgresBins().Select(bin => Path.Combine(bin, "pgbench"))]);
        if (pgbench is null)
        {
            return [.. Scripts.Select(s => new BaselineResult(s.Name, "pgbench", s.Clients ?? clients, null, "pgbench not found (Debian: it ships with the postgresql server package)", s.AllocationsPerTransaction))];
        }

        // VACUUM cannot run in a multi-statement batch, so it goes separately.
        string[] tables = ["bench_baseline.hot_row", "bench_baseline.rows", .. GroupCommitLimit.Tables];
        foreach (var sql in new[] { SetupSql, GroupCommitLimit.SetupSql }.Concat(tables.Select(t => "VACUUM ANALYZE " + t)))
        {
            await using var setup = dataSource.CreateCommand(sql);
            await setup.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var environment = new Dictionary<string, string>();
        if (!string.IsNullOrEmpty(settings.Password))
        {
            environment["PGPASSWORD"] = settings.Password;
        }

        var seconds = ((int)Math.Ceiling(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var directory = Directory.CreateTempSubdirectory("seatallocation-pgbench-").FullName;
        var results = new List<BaselineResult>();
        try
        {
            foreach (var script in Scripts)
            {
                var scriptClients = script.Clients ?? clients;
                progress(string.Create(CultureInfo.InvariantCulture, $"{script.Name}, {scriptClients} {(scriptClients == 1 ? "client" : "clients")}"));
                var threads = Math.Min(scriptClients, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture);
                var file = Path.Combine(directory, script.FileName);
                await File.WriteAllTextAsync(file, script.Script).ConfigureAwait(false);
                string[] arguments =
                [
                    "-h", settings.Host ?? "127.0.0.1", "-p", settings.Port.ToString(CultureInfo.InvariantCulture),
                    "-U", settings.Username ?? "postgres",
                    // -n: no vacuum of pgbench's own tables (there are none); extended protocol like Npgsql.
                    "-n", "-M", "extended",
                    "-c", scriptClients.ToString(CultureInfo.InvariantCulture), "-j", threads,
                    "-T", seconds,
                    "-f", file,
                    settings.Database ?? "postgres",
                ];
                var (exitCode, output) = await ExternalTool.RunAsync(pgbench, arguments, environment, duration + TimeSpan.FromMinutes(2)).ConfigureAwait(false);
                results.Add(ToResult(script, scriptClients, exitCode, output, $"pgbench -n -M extended -c {scriptClients} -j {threads} -T {seconds} -f {script.FileName}"));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        await using (var cleanup = dataSource.CreateCommand(GroupCommitLimit.CleanupSql))
        {
            await cleanup.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>
    /// The baseline one pgbench run gives: its transactions per second, times the allocations one
    /// transaction of the script records; a failure (non-zero exit, no tps line) keeps pgbench's last words.
    /// </summary>
    internal static BaselineResult ToResult(PgBenchScript script, int clients, int exitCode, string output, string commandLine)
    {
        ArgumentNullException.ThrowIfNull(script);
        var tps = exitCode == 0 ? ParseTps(output) : null;
        var perTransaction = script.AllocationsPerTransaction;
        return new BaselineResult(
            script.Name,
            $"pgbench, {script.Description}",
            clients,
            tps * perTransaction,
            tps is null ? $"pgbench failed (exit {exitCode}): {Tail(output ?? string.Empty)}" : commandLine,
            perTransaction);
    }

    /// <summary>The transactions per second pgbench reports (excluding connection time); null when absent.</summary>
    internal static double? ParseTps(string output)
    {
        var match = TpsLine().Match(output ?? string.Empty);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    private static string Tail(string output) => output.Length <= 300 ? output.Trim() : "…" + output[^300..].Trim();

    private static IEnumerable<string> NewestPostgresBins() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Select(d => Path.Combine(d, "bin"))
            : [];

    [GeneratedRegex(@"^tps = ([0-9]+(?:\.[0-9]+)?) \((?:without|excluding)", RegexOptions.Multiline)]
    private static partial Regex TpsLine();
}
