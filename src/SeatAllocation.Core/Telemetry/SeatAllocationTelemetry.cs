namespace SeatAllocation;

/// <summary>
/// The names under which SeatAllocation publishes metrics and traces, for OpenTelemetry's
/// <c>AddMeter</c> and <c>AddSource</c>.
/// </summary>
/// <remarks>
/// Instruments: <c>seatallocation.requests</c> (counter, by <c>seatallocation.strategy</c>,
/// <c>seatallocation.operation</c> and <c>seatallocation.outcome</c>),
/// <c>seatallocation.request.duration</c> (histogram, seconds, same tags),
/// <c>seatallocation.retries</c> and <c>seatallocation.conflicts</c> (counters, by strategy and
/// operation). Every operation is also an activity named <c>seatallocation.{operation}</c>.
/// A request is counted on <c>seatallocation.requests</c> and <c>seatallocation.request.duration</c>
/// once, by the strategy the application called: a decorator's inner strategy (the PostgreSQL
/// strategy behind the Redis admission gate) does not count it again, and traces it as a child activity.
/// </remarks>
public static class SeatAllocationTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "SeatAllocation";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = "SeatAllocation";
}
