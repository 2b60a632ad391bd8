using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SeatAllocation.Postgres.Telemetry;

/// <summary>The PostgreSQL strategies' instruments, on the same meter as every strategy (<see cref="SeatAllocationTelemetry.MeterName"/>).</summary>
internal static class PostgresInstruments
{
    private const string StrategyTag = "seatallocation.strategy";

    private static readonly Meter Meter = new(SeatAllocationTelemetry.MeterName, typeof(PostgresInstruments).Assembly.GetName().Version?.ToString());

    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "seatallocation.postgres.batch.size", "{request}", "Requests decided together by one apply_batch call, by strategy.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });

    private static readonly Counter<long> TransientRetries = Meter.CreateCounter<long>(
        "seatallocation.postgres.transient_retries", "{retry}", "Calls repeated after a transient database failure (a dropped connection, a timeout, an exhausted pool), by strategy and error type.");

    private static readonly Counter<long> SeatProposals = Meter.CreateCounter<long>(
        "seatallocation.postgres.seat_proposals", "{request}",
        "Seats or refusals the application proposed for best-available requests, by strategy and outcome: taken (apply_batch took the proposed seats), proposed_again (overtaken since the read, by another instance's batch or an earlier request of the batch: proposed again from a read under the show's lock, and counted again then), chosen_again (taken or locked by a writer outside the show's lock: apply_batch chose itself), refused (no seats at the read: answered from it).");

    public static void RecordSeatProposal(string strategy, string outcome)
    {
        if (SeatProposals.Enabled)
        {
            SeatProposals.Add(1, new TagList { { StrategyTag, strategy }, { "outcome", outcome } });
        }
    }

    public static void RecordTransientRetry(string strategy, Exception? failure)
    {
        if (TransientRetries.Enabled)
        {
            TransientRetries.Add(1, new TagList { { StrategyTag, strategy }, { "error.type", failure?.GetType().FullName ?? "unknown" } });
        }
    }

    public static void RecordBatch(string strategy, int size)
    {
        if (BatchSize.Enabled)
        {
            BatchSize.Record(size, new TagList { { StrategyTag, strategy } });
        }
    }
}
