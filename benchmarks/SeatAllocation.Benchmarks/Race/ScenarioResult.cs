using SeatAllocation.Benchmarks.Measurement;

namespace SeatAllocation.Benchmarks.Race;

/// <summary>One row of a scenario's table: one strategy's measurements and verdict.</summary>
/// <param name="seatProposals">Best-available proposals by outcome; null when the strategy proposed none.</param>
internal sealed class ScenarioResult(string scenario, string strategy, LoadMeasurement measurement, long databaseRoundTrips, long? redisCalls, Verdict verdict, SeatProposalCounts? seatProposals = null)
{
    public string Scenario { get; } = scenario;

    public string Strategy { get; } = strategy;

    public LoadMeasurement Measurement { get; } = measurement;

    /// <summary>PostgreSQL round trips (commands, batches, COMMIT and ROLLBACK) during the scenario.</summary>
    public long DatabaseRoundTrips { get; } = databaseRoundTrips;

    /// <summary>Redis calls during the timed part; null when no Redis call counter exists.</summary>
    public long? RedisCalls { get; } = redisCalls;

    public Verdict Verdict { get; } = verdict;

    /// <summary>What became of the seats proposed for best-available requests; null when none were proposed.</summary>
    public SeatProposalCounts? SeatProposals { get; } = seatProposals;

    private double Seconds => Math.Max(Measurement.Elapsed.TotalSeconds, 1e-9);

    /// <summary>Every answered call per second (successes, rejections, contended and errors alike).</summary>
    public double RequestsPerSecond => Measurement.Calls / Seconds;

    /// <summary>Successful holds and bookings per second.</summary>
    public double AllocationsPerSecond => Measurement.Allocations / Seconds;

    public double DatabaseRoundTripsPerRequest => Measurement.Calls == 0 ? 0 : (double)DatabaseRoundTrips / Measurement.Calls;

    public double? RedisCallsPerRequest => RedisCalls is { } calls && Measurement.Calls > 0 ? (double)calls / Measurement.Calls : null;

    public double P50Milliseconds => Measurement.LatencyMilliseconds(50);

    public double P95Milliseconds => Measurement.LatencyMilliseconds(95);

    public double P99Milliseconds => Measurement.LatencyMilliseconds(99);

    public double MaxMilliseconds => Measurement.MaxLatencyMilliseconds;
}
