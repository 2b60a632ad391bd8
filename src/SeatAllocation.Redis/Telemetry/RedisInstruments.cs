using System.Diagnostics.Metrics;

namespace SeatAllocation.Redis.Telemetry;

/// <summary>
/// The Redis admission strategy's counters, on the same meter as every strategy
/// (<see cref="SeatAllocationTelemetry.MeterName"/>).
/// </summary>
internal static class RedisInstruments
{
    public const string OutcomeTag = "seatallocation.outcome";
    public const string ReasonTag = "seatallocation.reason";
    public const string ScriptTag = "seatallocation.redis.script";
    public const string OperationTag = "seatallocation.operation";

    private static readonly Meter Meter = new(SeatAllocationTelemetry.MeterName, typeof(RedisInstruments).Assembly.GetName().Version?.ToString());

    /// <summary>Requests the gate decided: admitted, rejected_taken, rejected_sold_out, known_request, bypassed.</summary>
    public static readonly Counter<long> Admissions = Meter.CreateCounter<long>(
        "seatallocation.redis.admissions", unit: "{request}", description: "Holds and bookings decided by the Redis admission gate, by outcome.");

    /// <summary>Admissions given back because PostgreSQL did not commit them.</summary>
    public static readonly Counter<long> Compensations = Meter.CreateCounter<long>(
        "seatallocation.redis.compensations", unit: "{request}", description: "Admissions given back after PostgreSQL rejected or failed the request.");

    /// <summary>Rebuilds of a show's Redis state from PostgreSQL, by reason and outcome.</summary>
    public static readonly Counter<long> Reconciliations = Meter.CreateCounter<long>(
        "seatallocation.redis.reconciliations", unit: "{rebuild}", description: "Rebuilds of a show's Redis state from PostgreSQL.");

    /// <summary>Operations that went on without Redis (fail-open) or answered Contended (fail-closed).</summary>
    public static readonly Counter<long> Fallbacks = Meter.CreateCounter<long>(
        "seatallocation.redis.fallbacks", unit: "{operation}", description: "Operations that met a Redis failure or timeout.");

    /// <summary>Scripts sent to Redis, by script: the Redis side of the load a request causes.</summary>
    public static readonly Counter<long> Calls = Meter.CreateCounter<long>(
        "seatallocation.redis.calls", unit: "{call}", description: "Redis round trips made by the admission strategy.");
}
