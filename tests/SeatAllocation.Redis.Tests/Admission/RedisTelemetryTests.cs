using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SeatAllocation.Redis.Tests.Admission;

[Collection(nameof(RedisAlone))]
public sealed class RedisTelemetryTests
{
    [Fact]
    public async Task Admissions_rejections_compensations_and_rebuilds_are_counted()
    {
        var measurements = new ConcurrentQueue<(string Instrument, string Tags, long Value)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SeatAllocationTelemetry.MeterName && instrument.Name.StartsWith("seatallocation.redis.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Enqueue((instrument.Name, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")), value)));
        listener.Start();

        var strategy = await RedisTestEnvironment.CreateStrategyAsync();
        var showId = RedisTestEnvironment.NewId("telemetry");
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1"));
        var booked = await strategy.BookAsync(AllocationRequest.ForSeats(showId, "r1", "ada", "A1"));
        await strategy.BookAsync(AllocationRequest.ForSeats(showId, "r2", "bob", "A1"));
        await strategy.CancelAsync(new AllocationReference(showId, booked.Allocation!.Id, "ada"));
        await strategy.ReconcileAsync(showId);

        long Sum(string instrument, string tag) => measurements.Where(m => m.Instrument == instrument && m.Tags.Contains(tag, StringComparison.Ordinal)).Sum(m => m.Value);
        Assert.Equal(1, Sum("seatallocation.redis.admissions", "outcome=admitted"));
        Assert.Equal(1, Sum("seatallocation.redis.admissions", "outcome=rejected_taken"));
        Assert.Equal(1, Sum("seatallocation.redis.reconciliations", "reason=created"));
        Assert.Equal(1, Sum("seatallocation.redis.reconciliations", "reason=manual"));
        Assert.True(Sum("seatallocation.redis.calls", "script=admit") >= 2);
    }
}
