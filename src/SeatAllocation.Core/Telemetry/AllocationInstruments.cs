using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SeatAllocation;

/// <summary>The process-wide meter, activity source and instruments; created once, shared by every strategy.</summary>
internal static class AllocationInstruments
{
    internal const string StrategyTag = "seatallocation.strategy";
    internal const string OperationTag = "seatallocation.operation";
    internal const string OutcomeTag = "seatallocation.outcome";
    internal const string ShowTag = "seatallocation.show_id";

    private static readonly string? Version = typeof(AllocationInstruments).Assembly.GetName().Version?.ToString();

    internal static readonly ActivitySource ActivitySource = new(SeatAllocationTelemetry.ActivitySourceName, Version);

    internal static readonly Meter Meter = new(SeatAllocationTelemetry.MeterName, Version);

    internal static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "seatallocation.requests", "{request}", "Allocation operations, by strategy, operation and outcome.");

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "seatallocation.request.duration", "s", "How long allocation operations take, by strategy, operation and outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "seatallocation.retries", "{retry}", "Attempts repeated after losing a race while seats were still free.");

    internal static readonly Counter<long> Conflicts = Meter.CreateCounter<long>(
        "seatallocation.conflicts", "{conflict}", "Races lost to a concurrent writer (version changed, lock wait timed out, duplicate insert).");
}
