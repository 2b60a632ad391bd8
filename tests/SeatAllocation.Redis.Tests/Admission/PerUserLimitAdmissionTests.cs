using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SeatAllocation.Redis.Tests.Admission;

/// <summary>
/// Redis counts places, not users: in a process that does not know a show's per-user limit, it admits
/// a request that PostgreSQL then refuses for the limit. That refusal is PostgreSQL keeping a rule
/// Redis does not know, not Redis being wrong: the admission is given back, the show is not rebuilt as
/// drift, and from then on that process leaves the show's requests to PostgreSQL.
/// </summary>
[Collection(nameof(RedisAlone))]
public sealed class PerUserLimitAdmissionTests
{
    [Fact]
    public async Task A_request_over_the_limit_is_compensated_and_not_taken_for_drift()
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
        var first = await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "r1", "ada", 2));
        Assert.True(first.Succeeded, first.ToString());

        var overLimit = await strategy.HoldAsync(AllocationRequest.ForQuantity(showId, "r2", "ada", 1), TimeSpan.FromMinutes(5));

        Assert.Equal(AllocationStatus.PerUserLimitReached, overLimit.Status);
        long Sum(string instrument, string tag) => measurements.Where(m => m.Instrument == instrument && m.Tags.Contains(tag, StringComparison.Ordinal)).Sum(m => m.Value);
        Assert.Equal(2, Sum("seatallocation.redis.admissions", "outcome=admitted"));
        Assert.Equal(1, measurements.Where(m => m.Instrument == "seatallocation.redis.compensations").Sum(m => m.Value));
        Assert.Equal(0, Sum("seatallocation.redis.reconciliations", "reason=drift"));
        await RedisState.AssertInStepAsync(redis, strategy, showId);

        // Known to have a limit now: decided by PostgreSQL without an admission, and recorded in Redis.
        Assert.Equal(AllocationStatus.PerUserLimitReached, (await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "r3", "ada", 1))).Status);
        Assert.True((await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "r4", "grace", 2))).Succeeded);
        Assert.Equal(2, Sum("seatallocation.redis.admissions", "outcome=admitted"));
        await RedisState.AssertInStepAsync(redis, strategy, showId);
    }
}
