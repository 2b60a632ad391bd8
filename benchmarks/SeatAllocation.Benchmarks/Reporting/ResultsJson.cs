using System.Text.Encodings.Web;
using System.Text.Json;
using SeatAllocation.Benchmarks.Baselines;
using SeatAllocation.Benchmarks.Race;

namespace SeatAllocation.Benchmarks.Reporting;

/// <summary>Writes a <see cref="RaceReport"/> as the machine-readable <see cref="ResultsDocument"/>.</summary>
internal static class ResultsJson
{
    /// <summary>camelCase, indented, nulls written out, and "×" or "…" left readable rather than escaped.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The results file beside a markdown report: <c>report.md</c> → <c>report.json</c>.</summary>
    public static string PathNextTo(string markdownFile)
    {
        ArgumentNullException.ThrowIfNull(markdownFile);
        return string.Equals(Path.GetExtension(markdownFile), ".json", StringComparison.OrdinalIgnoreCase)
            ? markdownFile + ".json" // never overwrite the report itself
            : Path.ChangeExtension(markdownFile, ".json");
    }

    public static string Write(RaceReport report) => JsonSerializer.Serialize(ToDocument(report), Options);

    public static ResultsDocument ToDocument(RaceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = report.Settings;
        var machine = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (label, value) in report.Machine)
        {
            machine[label] = value;
        }

        return new ResultsDocument(
            ResultsDocument.CurrentSchemaVersion,
            report.CommandLine,
            s.Mode,
            report.Banner,
            report.Duration.TotalSeconds,
            machine,
            new ResultsDocument.RunSettings(
                s.Duration.TotalSeconds, s.MaxIterations, s.Clients, s.RushClients, s.RushSeats, s.RushRounds, s.ReservedSeats,
                s.GeneralAdmissionCapacity, s.SoldOutCapacity, s.ChurnSeats, s.HoldDuration.TotalSeconds, s.PoolSize,
                s.BaselineDuration.TotalSeconds, s.RedisBenchmarkRequests, s.DurableRerun),
            [.. report.Runs.Select(ToRun)],
            report.DurableRerunNote);
    }

    private static ResultsDocument.Run ToRun(RaceRun run) => new(
        run.Name,
        run.Server is { } p ? new ResultsDocument.Server(p.Version, p.Source, p.IsDurable, p.Fsync, p.SynchronousCommit, p.FullPageWrites, p.WalSyncMethod, p.SharedBuffers, p.MaxConnections, p.Storage) : null,
        [.. run.Baselines.Select(b => new ResultsDocument.Baseline(b.Name, b.Tool, b.Clients, b.PerSecond, b.ToolRate, b.AllocationsPerTransaction, b.Note))],
        [.. run.Scenarios.SelectMany(scenario => run.Results.Where(r => r.Scenario == scenario.Name).Select(r => ToRow(run, scenario, r)))]);

    private static ResultsDocument.Row ToRow(RaceRun run, Scenario scenario, ScenarioResult r)
    {
        var m = r.Measurement;
        var baseline = run.BaselineFor(scenario);
        var limit = run.LimitFor(scenario);
        return new ResultsDocument.Row(
            r.Scenario,
            scenario.Title,
            r.Strategy,
            m.Calls,
            m.AllocationAttempts,
            m.Allocations,
            m.Rejected,
            m.Contended,
            m.Errors,
            m.Elapsed.TotalSeconds,
            r.RequestsPerSecond,
            r.AllocationsPerSecond,
            new ResultsDocument.Latency(r.P50Milliseconds, r.P95Milliseconds, r.P99Milliseconds, r.MaxMilliseconds, m.MeanLatencyMilliseconds),
            r.DatabaseRoundTrips,
            r.DatabaseRoundTripsPerRequest,
            r.RedisCalls,
            r.RedisCallsPerRequest,
            new ResultsDocument.Ratios(baseline?.Name, Divide(r.RequestsPerSecond, baseline), limit?.Name, Divide(r.RequestsPerSecond, limit), Divide(r.RequestsPerSecond, run.RedisBaseline)),
            new ResultsDocument.Verifier(r.Verdict.Passed, r.Verdict.Summary, r.Verdict.ShowsChecked, r.Verdict.Overbooked, r.Verdict.OtherViolations, r.Verdict.Problems),
            m.ErrorSamples,
            r.SeatProposals is { } p ? new ResultsDocument.SeatProposals(p.Taken, p.ProposedAgain, p.ChosenAgain, p.Refused) : null);
    }

    private static double? Divide(double value, BaselineResult? baseline) => baseline?.PerSecond is > 0 and var perSecond ? value / perSecond : null;
}
