using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace SeatAllocation.Redis.Tests.Admission;

/// <summary>What the gate promises beyond the conformance suite: rejections never reach PostgreSQL.</summary>
/// <remarks><see cref="Cluster.ClusterAdmissionGateTests"/> runs them on a Redis Cluster.</remarks>
[Collection(nameof(RedisAlone))]
public class AdmissionGateTests
{
    /// <summary>A Redis admission strategy over the pessimistic strategy on the Redis under test.</summary>
    protected virtual Task<RedisAdmissionStrategy> CreateStrategyAsync(TimeProvider? clock = null) => RedisTestEnvironment.CreateStrategyAsync(clock);

    /// <summary>The Redis under test, to read the show's state from.</summary>
    protected virtual Task<IDatabase> GetRedisAsync() => RedisTestEnvironment.GetRedisAsync();

    [Fact]
    public async Task A_sold_out_storm_is_answered_by_redis_without_one_database_command()
    {
        var strategy = await CreateStrategyAsync();
        var showId = RedisTestEnvironment.NewId("storm");
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 10));
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await strategy.BookAsync(AllocationRequest.ForQuantity(showId, $"early-{i}", $"fan{i}", 1))).Succeeded);
        }

        using var counter = new PostgresCommandCounter();
        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
            strategy.BookAsync(AllocationRequest.ForQuantity(showId, $"late-{i}", $"late{i}", 1 + (i % 4)))));

        Assert.All(results, r => Assert.Equal(AllocationStatus.Unavailable, r.Status));
        Assert.Equal(0, counter.Commands);
        Assert.True((await strategy.VerifyAsync(showId)).IsValid);
    }

    [Fact]
    public async Task Buyers_of_a_booked_or_unknown_named_seat_are_told_which_seat_without_a_database_command()
    {
        var strategy = await CreateStrategyAsync();
        var showId = RedisTestEnvironment.NewId("named");
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1", "A2", "A3"));
        Assert.True((await strategy.BookAsync(AllocationRequest.ForSeats(showId, "first", "ada", "A1"))).Succeeded);

        using var counter = new PostgresCommandCounter();
        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            strategy.HoldAsync(AllocationRequest.ForSeats(showId, $"r{i}", $"u{i}", "A1", "A2"), TimeSpan.FromMinutes(5))));

        var unknown = await strategy.BookAsync(AllocationRequest.ForSeats(showId, "unknown", "cy", "A1", "Z9"));
        Assert.Equal(0, counter.Commands);
        Assert.All(results, r => Assert.Equal(["A1"], r.UnavailableSeatIds));
        Assert.Equal(["A1", "Z9"], unknown.UnavailableSeatIds);
        var availability = await strategy.GetAvailabilityAsync(showId);
        Assert.Equal((2, 0, 1), (availability!.Available, availability.Held, availability.Booked));
    }

    [Fact]
    public async Task After_a_mixed_race_redis_counts_exactly_what_postgres_has_free()
    {
        var redis = await GetRedisAsync();
        var clock = new FakeTimeProvider();
        var strategy = await CreateStrategyAsync(clock);
        var showId = RedisTestEnvironment.NewId("mixed");
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, Enumerable.Range(1, 40).Select(i => $"S{i:D2}")));

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var request = i % 3 == 0
                ? AllocationRequest.ForQuantity(showId, $"q{i}", $"u{i}", 1 + (i % 2))
                : AllocationRequest.ForSeats(showId, $"s{i}", $"u{i}", $"S{1 + (i % 40):D2}", $"S{1 + ((i + 1 + (i % 7)) % 40):D2}");
            var result = i % 2 == 0 ? await strategy.BookAsync(request) : await strategy.HoldAsync(request, TimeSpan.FromMinutes(1));
            if (result.Succeeded && i % 5 == 0)
            {
                var reference = new AllocationReference(showId, result.Allocation!.Id, result.Allocation.UserId);
                _ = result.Allocation.Kind == AllocationKind.Hold ? await strategy.ReleaseAsync(reference) : await strategy.CancelAsync(reference);
            }

            return result;
        }));
        Assert.Contains(results, r => r.Succeeded);

        await RedisState.AssertInStepAsync(redis, strategy, showId);
        clock.Advance(TimeSpan.FromMinutes(2)); // every hold expires; the next admission gives them back
        var after = await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "after-expiry", "late", 1));
        Assert.True(after.Succeeded, after.ToString());
        await RedisState.AssertInStepAsync(redis, strategy, showId);
        Assert.True((await strategy.VerifyAsync(showId)).IsValid);
    }
}
