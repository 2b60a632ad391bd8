using System.Globalization;
using System.Text;

namespace SeatAllocation.RaceDemo;

/// <summary>The outcome of one rush against one strategy, as a table row plus notes on anything wrong.</summary>
internal sealed class RaceResult
{
    // One layout for the header and the rows, so the columns line up.
    private static readonly CompositeFormat Format = CompositeFormat.Parse("{0,-12} {1,7} {2,9} {3,10} {4,7} {5,9} {6,9} {7,9}  {8}");

    public RaceResult(string strategy, int seats, IReadOnlyList<ClientOutcome> outcomes, TimeSpan wall, VerificationReport report, ShowAvailability? availability)
    {
        Strategy = strategy;
        Booked = outcomes.Count(o => o.Status == AllocationStatus.Allocated);
        Rejected = outcomes.Count(o => o.Status == AllocationStatus.Unavailable);
        Contended = outcomes.Count(o => o.Status == AllocationStatus.Contended);
        Errors = outcomes.Count(o => o.Error is not null);
        var latencies = outcomes.Select(o => o.Latency.TotalMilliseconds).Order().ToArray();
        P50 = Percentile(latencies, 0.50);
        P99 = Percentile(latencies, 0.99);
        Wall = wall;
        Report = report;

        var notes = new List<string>();
        notes.AddRange(report.Violations.Select(v => $"{strategy}: violation: {v}"));
        notes.AddRange(outcomes.Where(o => o.Error is not null).Select(o => $"{strategy}: error: {o.Error!.GetType().Name}: {o.Error.Message}").Distinct().Take(3));

        // No other status can come out of a rush of fresh request ids; if one does, say so.
        var other = outcomes.Count(o => o.Status is not (null or AllocationStatus.Allocated or AllocationStatus.Unavailable or AllocationStatus.Contended));
        if (other > 0)
        {
            notes.Add($"{strategy}: {other} clients got another status");
        }

        // The clients' own count must agree with the store: a booking reported but not kept (or the
        // reverse) is as bad as an overbooking.
        if (availability?.Booked != Booked || Booked > seats)
        {
            notes.Add($"{strategy}: clients were told {Booked} bookings, the store holds {availability?.Booked} of {seats} seats");
        }

        Notes = notes;
    }

    public static string Header { get; } = string.Format(
        CultureInfo.InvariantCulture, Format, "strategy", "booked", "rejected", "contended", "errors", "p50 ms", "p99 ms", "wall ms", "verifier");

    public string Strategy { get; }

    public int Booked { get; }

    public int Rejected { get; }

    public int Contended { get; }

    public int Errors { get; }

    public double P50 { get; }

    public double P99 { get; }

    public TimeSpan Wall { get; }

    public VerificationReport Report { get; }

    public IReadOnlyList<string> Notes { get; }

    public bool Passed => Notes.Count == 0;

    public string Row => string.Format(
        CultureInfo.InvariantCulture,
        Format,
        Strategy,
        Booked,
        Rejected,
        Contended,
        Errors,
        P50.ToString("0.00", CultureInfo.InvariantCulture),
        P99.ToString("0.00", CultureInfo.InvariantCulture),
        Wall.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture),
        Report.IsValid ? "0 violations" : $"{Report.Violations.Count} violations");

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}
