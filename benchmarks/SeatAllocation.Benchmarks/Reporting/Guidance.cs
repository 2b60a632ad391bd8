using System.Globalization;
using System.Text;
using SeatAllocation.Benchmarks.Race;
using SeatAllocation.Redis;

namespace SeatAllocation.Benchmarks.Reporting;

/// <summary>
/// The plain-language section: where each strategy broke in this run and which to choose. Every
/// sentence about a number is computed from the results, so a regenerated report stays true.
/// </summary>
internal static class Guidance
{
    private const double ContendedShareWorthNaming = 0.005;
    private const double SlowP99Milliseconds = 1000;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(StringBuilder md, RaceReport report)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(report);
        md.AppendLine("## Where each strategy breaks, and which to choose").AppendLine();
        foreach (var entry in report.Strategies)
        {
            var findings = Findings(report, entry.Name).ToArray();
            md.AppendLine(Invariant, $"**{entry.Name}** — {entry.Summary}.").AppendLine();
            if (findings.Length == 0)
            {
                md.AppendLine("- Did not break in any scenario of this run: no contended answers, no errors, p99 under a second.");
            }

            foreach (var finding in findings)
            {
                md.AppendLine(Invariant, $"- {finding}");
            }

            md.AppendLine();
        }

        var comparisons = report.Scenarios
            .Select(scenario => (scenario, Rows: report.Results.Where(r => r.Scenario == scenario.Name && r.Strategy != InMemoryAllocationStrategy.StrategyName).ToArray()))
            .Where(c => c.Rows.Length >= 2)
            .ToArray();
        if (comparisons.Length > 0)
        {
            md.AppendLine("**Side by side, per scenario** (PostgreSQL-backed strategies; in-memory is in a different league because it does no I/O):").AppendLine();
        }

        foreach (var (scenario, rows) in comparisons)
        {
            var fastest = rows.MaxBy(r => r.RequestsPerSecond)!;
            var slowest = rows.MinBy(r => r.RequestsPerSecond)!;
            var steadiest = rows.MinBy(r => r.P99Milliseconds)!;
            md.AppendLine(Invariant, $"- {scenario.Title}: {fastest.Strategy} answered most ({MarkdownReport.Number(fastest.RequestsPerSecond)}/s against {slowest.Strategy}'s {MarkdownReport.Number(slowest.RequestsPerSecond)}/s, {Times(fastest.RequestsPerSecond, slowest.RequestsPerSecond)}); lowest p99: {steadiest.Strategy} ({MarkdownReport.Number(steadiest.P99Milliseconds)} ms). Database round trips per request: {string.Join(", ", rows.Select(r => $"{r.Strategy} {r.DatabaseRoundTripsPerRequest:0.00}"))}.");
        }

        md.AppendLine();
        md.AppendLine("**Which to choose.**").AppendLine();
        md.AppendLine("- **in-memory** when the process is the only writer and losing state on restart is acceptable: tests, demos, a single-instance app. It is the reference the others are checked against, not a production store for several servers.");
        md.AppendLine("- **group-commit** for hot shows, i.e. whenever many buyers want the same show at once: concurrent requests of a show are decided together by one `apply_batch` call, one round trip, one lock of the show's row and one commit for the whole batch, so a show is no longer served one transaction at a time. A request for an idle show is sent at once, alone, so light load costs what the pessimistic strategy costs.");
        md.AppendLine("- **pessimistic** when one request per statement is what you want and a show's buyers rarely arrive together: each request is decided server-side in one round trip (no lock held while the client is away), but one request costs one lock of the show's row and one commit, so a hot show is served one request at a time. Requests for seats already taken, for more than a show has left, or replaying a request id are answered without a lock.");
        md.AppendLine("- **optimistic** when collisions are rare (many shows, many seats, few buyers per seat): no locks are held between reading and writing and a loser who finds the seat really sold is told at once. On a hot row its retries multiply the work, and after `MaxRetries` the answer is `Contended`.");
        md.Append("- **redis-admission** (over pessimistic) and **redis-group-commit** (over group commit) when most requests must be told no (sold-out storms, rushes far larger than the show): a Lua script rejects them in Redis without touching PostgreSQL, while admitted ones still commit through the PostgreSQL strategy inside; over group commit the admitted ones are batched too.");
        md.AppendLine(report.Strategies.Any(s => s.Name == RedisAdmissionStrategy.StrategyName) ? string.Empty : " Not measured in this run (add it with `--strategies`).");
        md.AppendLine();
    }

    private static IEnumerable<string> Findings(RaceReport report, string strategy)
    {
        foreach (var scenario in report.Scenarios)
        {
            var r = report.Results.FirstOrDefault(x => x.Scenario == scenario.Name && x.Strategy == strategy);
            if (r is null)
            {
                continue;
            }

            var m = r.Measurement;
            if (!r.Verdict.Passed)
            {
                yield return $"{scenario.Title}: **the verifier failed** — {r.Verdict.Summary}: {string.Join("; ", r.Verdict.Problems.Take(3))}.";
            }

            if (m.Calls > 0 && (double)m.Contended / m.Calls >= ContendedShareWorthNaming)
            {
                yield return string.Create(Invariant, $"{scenario.Title}: {(double)m.Contended / m.Calls:P1} of requests ({m.Contended:N0}) were answered `Contended` — it gave up although seats may have been free.");
            }

            if (m.Errors > 0)
            {
                yield return string.Create(Invariant, $"{scenario.Title}: {m.Errors:N0} requests failed with an exception ({string.Join("; ", m.ErrorSamples)}).");
            }

            if (r.P99Milliseconds >= SlowP99Milliseconds)
            {
                yield return string.Create(Invariant, $"{scenario.Title}: p99 latency {r.P99Milliseconds:N0} ms — the queue for the hot rows or for a pooled connection.");
            }
        }

        var ratios = report.Scenarios
            .Select(s => (Scenario: s, Result: report.Results.FirstOrDefault(x => x.Scenario == s.Name && x.Strategy == strategy), Baseline: report.BaselineFor(s)))
            .Where(t => t.Result is not null && t.Baseline?.PerSecond is > 0)
            .Select(t => (t.Scenario, t.Baseline!, Ratio: t.Result!.RequestsPerSecond / t.Baseline!.PerSecond!.Value))
            .ToArray();
        if (ratios.Length > 0 && strategy != InMemoryAllocationStrategy.StrategyName)
        {
            var worst = ratios.MinBy(t => t.Ratio);
            var best = ratios.MaxBy(t => t.Ratio);
            yield return $"Against the machine's limits: from {MarkdownReport.Ratio(worst.Ratio, 1)} of {worst.Item2.Name} ({worst.Scenario.Title}) to {MarkdownReport.Ratio(best.Ratio, 1)} of {best.Item2.Name} ({best.Scenario.Title}).";
        }
    }

    private static string Times(double a, double b) => b > 0 ? (a / b).ToString("0.0", Invariant) + "×" : "–";
}
