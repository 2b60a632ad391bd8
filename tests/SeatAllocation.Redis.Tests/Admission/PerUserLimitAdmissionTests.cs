using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SeatAllocation.Redis.Tests.Admission;

/// <summary>
/// Redis counts places, not users, so a show with a per-user limit is left to PostgreSQL: the
/// admission script bypasses the gate for it in every process (the flag comes with the show's
/// snapshot), and what PostgreSQL allocates is still recorded in Redis.
/// </summary>
[Collection(nameof(RedisAlone))]
public sealed class PerUserLimitAdmissionTests
{
    [Fact]
    public async Task A_limited_show_is_decided_by_postgres_in_a_process_that_did_not_create_it()
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
        var redis = await RedisTestEnvironment.GetRedisAsync();
        var creator = await RedisTestEnvironment.CreateStrategyAsync(redis: redis);
        var showId = RedisTestEnvironment.NewId("limit");
        await creator.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 10).WithMaxSeatsPerUser(2));
        // Another process: it has not seen the show's definition.
        var strategy = await RedisTestEnvironment.CreateStrategyAsync(redis: redis);
        listener.Start();

        Assert.True((await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "r1", "ada", 2))).Succeeded);
        Assert.Equal(AllocationStatus.PerUserLimitReached, (await strategy.HoldAsync(AllocationRequest.ForQuantity(showId, "r2", "ada", 1), TimeSpan.FromMinutes(5))).Status);
        Assert.True((await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "r3", "grace", 2))).Succeeded);

        long Sum(string instrument, string tag) => measurements.Where(m => m.Instrument == instrument && m.Tags.Contains(tag, StringComparison.Ordinal)).Sum(m => m.Value);
        Assert.Equal(0, Sum("seatallocation.redis.admissions", "outcome=admitted"));
        Assert.Equal(3, Sum("seatallocation.redis.admissions", "outcome=bypassed"));
        Assert.Equal(0, measurements.Where(m => m.Instrument == "seatallocation.redis.compensations").Sum(m => m.Value));
        Assert.Equal(0, Sum("seatallocation.redis.reconciliations", "reason=drift"));
        await RedisState.AssertInStepAsync(redis, strategy, showId);
    }
}
