using System.Globalization;
using System.Net;
using System.Text;

namespace SeatAllocation.RaceDemo;

/// <summary>The outcome of one rush against one strategy, as a table row plus notes on anything wrong.</summary>
internal sealed class RaceResult
{
    // One layout for the header and the rows, so the columns line up.
    private static readonly CompositeFormat Format = CompositeFormat.Parse("{0,-15} {1,6} {2,8} {3,6} {4,6} {5,8} {6,8} {7,8} {8,13}  {9}");

    public RaceResult(string strategy, int seatsLeft, IReadOnlyList<ClientOutcome> outcomes, TimeSpan wall, long roundTrips, VerificationReport report, int bookedInStore)
    {
        Strategy = strategy;
        Booked = outcomes.Count(o => o.Status == HttpStatusCode.Created);
        Rejected = outcomes.Count(o => o.Status == HttpStatusCode.Conflict);
        RetryLater = outcomes.Count(o => o.Status == HttpStatusCode.ServiceUnavailable);
        Errors = outcomes.Count - Booked - Rejected - RetryLater;
        var latencies = outcomes.Select(o => o.Latency.TotalMilliseconds).Order().ToArray();
        P50 = Percentile(latencies, 0.50);
        P99 = Percentile(latencies, 0.99);
        Wall = wall;
        RoundTripsPerRequest = outcomes.Count == 0 ? 0 : (double)roundTrips / outcomes.Count;
        Report = report;

        var notes = new List<string>();
        notes.AddRange(report.Violations.Select(v => $"{strategy}: violation: {v}"));
        notes.AddRange(outcomes
            .Where(o => o.Status is not (HttpStatusCode.Created or HttpStatusCode.Conflict or HttpStatusCode.ServiceUnavailable))
            .Select(o => $"{strategy}: error: {(o.Error is null ? $"HTTP {(int)o.Status!}" : $"{o.Error.GetType().Name}: {o.Error.Message}")}")
            .Distinct()
            .Take(3));

        // The clients' count must agree with the store: a booking reported but not kept (or the
        // reverse) is as bad as an overbooking.
        if (bookedInStore != Booked || Booked > seatsLeft)
        {
            notes.Add($"{strategy}: clients were told {Booked} bookings of the last {seatsLeft} seats, the store sold {bookedInStore} of them");
        }

        Notes = notes;
    }

    public static string Header { get; } = string.Format(
        CultureInfo.InvariantCulture, Format, "strategy", "booked", "rejected", "503", "errors", "p50 ms", "p99 ms", "wall ms", "db trips/req", "verifier");

    public string Strategy { get; }

    public int Booked { get; }

    public int Rejected { get; }

    public int RetryLater { get; }

    public int Errors { get; }

    public double P50 { get; }

    public double P99 { get; }

    public TimeSpan Wall { get; }

    public double RoundTripsPerRequest { get; }

    public VerificationReport Report { get; }

    public IReadOnlyList<string> Notes { get; }

    public bool Passed => Notes.Count == 0;

    public string Row => string.Format(
        CultureInfo.InvariantCulture,
        Format,
        Strategy,
        Booked,
        Rejected,
        RetryLater,
        Errors,
        P50.ToString("0.0", CultureInfo.InvariantCulture),
        P99.ToString("0.0", CultureInfo.InvariantCulture),
        Wall.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture),
        RoundTripsPerRequest.ToString("0.00", CultureInfo.InvariantCulture),
        Report.IsValid ? "0 violations" : $"{Report.Violations.Count} violations");

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}
