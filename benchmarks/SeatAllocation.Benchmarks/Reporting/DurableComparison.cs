using System.Globalization;
using System.Text;
using SeatAllocation.Benchmarks.Race;

namespace SeatAllocation.Benchmarks.Reporting;

/// <summary>
/// The durable rerun beside the main run: the hot scenarios again on a server where every commit
/// waits for its WAL flush, each measured against baselines taken on that same server.
/// </summary>
internal static class DurableComparison
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>One headline bullet: the durable rerun's verdict and throughput next to the main run's.</summary>
    public static void WriteHeadline(StringBuilder md, RaceReport report)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(report);
        if (report.DurableRerun is not { } durable)
        {
            return;
        }

        var failed = durable.Results.Where(r => !r.Verdict.Passed).ToArray();
        var verdict = failed.Length == 0
            ? string.Create(Invariant, $"overbooked: 0 in all {durable.Results.Count} runs")
            : string.Create(Invariant, $"**VERIFIER FAILED** in {failed.Length} of {durable.Results.Count} runs");
        var parts = durable.Scenarios.Select(scenario =>
        {
            var rows = durable.Results.Where(r => r.Scenario == scenario.Name)
                .Select(r => string.Create(Invariant, $"{r.Strategy} {MarkdownReport.Number(r.RequestsPerSecond)}/s ({Change(r.RequestsPerSecond, report.Main.Find(r.Scenario, r.Strategy)?.RequestsPerSecond)} of its main-run rate)"));
            return $"{scenario.Title}: {string.Join(", ", rows)}";
        });
        md.AppendLine(Invariant, $"- **Durable server** ({Settings(durable.Server)}; the hot scenarios again, [compared below](#durable-server-the-hot-scenarios-with-every-commit-flushed)): {verdict}. {string.Join("; ", parts)}.");
    }

    /// <summary>The section: what ran, the two servers' baselines side by side, then each scenario's rows side by side.</summary>
    public static void Write(StringBuilder md, RaceReport report)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(report);
        if (report.DurableRerun is not { } durable)
        {
            if (report.DurableRerunNote is { } note)
            {
                md.AppendLine("## Durable server: the hot scenarios with every commit flushed").AppendLine();
                md.AppendLine(Invariant, $"The durable rerun was {note}").AppendLine();
            }

            return;
        }

        var main = report.Main;
        md.AppendLine("## Durable server: the hot scenarios with every commit flushed").AppendLine();
        var skipped = report.Strategies.Where(s => durable.Strategies.All(d => d.Name != s.Name)).Select(s => s.Name).ToArray();
        md.AppendLine(Invariant, $"After the main run, the harness started a second throwaway PostgreSQL with {Settings(durable.Server)}{(durable.Server?.Storage is { } storage ? $", its data on {storage}" : string.Empty)}, measured the same pgbench baselines on it, and raced these scenarios again with the same settings: {string.Join("; ", durable.Scenarios.Select(s => s.Title))}{(skipped.Length > 0 ? $" ({string.Join(", ", skipped)} left out: it never touches PostgreSQL)" : string.Empty)}. Every commit now waits until its WAL is on disk, so a strategy that commits once per request pays one flush per request, and one that decides many requests per commit shares it. Each durable row is divided by the durable server's own baselines. Redis is the same server in both runs, its baseline measured once.").AppendLine();

        md.AppendLine("| baseline | main run, per second | durable, per second | durable ÷ main |").AppendLine("|---|---:|---:|---:|");
        foreach (var b in durable.Baselines.Where(b => b.Name != Baselines.RedisBenchmark.Eval))
        {
            var before = main.Baselines.FirstOrDefault(x => x.Name == b.Name);
            md.AppendLine(Invariant, $"| {b.Name} | {(before is null ? "–" : MarkdownReport.BaselineRate(before))} | {MarkdownReport.BaselineRate(b)} | {Change(b.PerSecond, before?.PerSecond)} |");
        }

        md.AppendLine();
        foreach (var scenario in durable.Scenarios)
        {
            var rows = durable.Results.Where(r => r.Scenario == scenario.Name).ToArray();
            if (rows.Length == 0)
            {
                continue;
            }

            var baseline = durable.BaselineFor(scenario);
            var limit = durable.LimitFor(scenario);
            md.AppendLine(Invariant, $"### {scenario.Title}, durable").AppendLine();
            md.AppendLine(Invariant, $"| strategy | main requests/s | durable requests/s | durable ÷ main | main p99 ms | durable p50 ms | durable p99 ms | durable errors | durable db trips/req | durable × {baseline?.Name ?? "pgbench"} | durable % of {limit?.Name ?? "group-commit limit"} | verifier |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var r in rows)
            {
                var before = main.Find(r.Scenario, r.Strategy);
                md.AppendLine(Invariant, $"| {r.Strategy} | {(before is null ? "–" : MarkdownReport.Number(before.RequestsPerSecond))} | {MarkdownReport.Number(r.RequestsPerSecond)} | {Change(r.RequestsPerSecond, before?.RequestsPerSecond)} | {(before is null ? "–" : MarkdownReport.Number(before.P99Milliseconds))} | {MarkdownReport.Number(r.P50Milliseconds)} | {MarkdownReport.Number(r.P99Milliseconds)} | {r.Measurement.Errors:N0} | {r.DatabaseRoundTripsPerRequest:0.00} | {MarkdownReport.Ratio(r.RequestsPerSecond, baseline?.PerSecond)} | {MarkdownReport.Share(r.RequestsPerSecond, limit?.PerSecond)} | {r.Verdict.Summary} |");
            }

            var notes = rows.SelectMany(r => r.Verdict.Problems.Take(5).Select(p => $"{r.Strategy}: {p}")
                .Concat(r.Measurement.ErrorSamples.Select(e => $"{r.Strategy}: error: {e}"))).ToArray();
            if (notes.Length > 0)
            {
                md.AppendLine();
                foreach (var note in notes)
                {
                    md.AppendLine(Invariant, $"- {note.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal)}");
                }
            }

            md.AppendLine();
        }
    }

    /// <summary>How the durable figure compares with the main run's, e.g. <c>0.42×</c>.</summary>
    private static string Change(double? durable, double? main) => durable is { } d ? MarkdownReport.Ratio(d, main) : "–";

    private static string Settings(PostgresServerSettings? server) => server is null
        ? "durable settings"
        : $"fsync={server.Fsync}, synchronous_commit={server.SynchronousCommit}, full_page_writes={server.FullPageWrites}";
}
