using SeatAllocation.Testing;
using StackExchange.Redis;

namespace SeatAllocation.Redis.Tests.Seeds;

/// <summary>
/// The seat engine seed's five Locust scenarios, as deterministic races with exact assertions: Redis
/// leases seats for a while (step 1), PostgreSQL's commit makes a booking real (step 2).
/// </summary>
/// <remarks><see cref="Cluster.ClusterSeatEngineScenarioTests"/> runs them on a Redis Cluster.</remarks>
public class SeatEngineScenarioTests
{
    /// <summary>A Redis admission strategy on the Redis under test.</summary>
    protected virtual Task<RedisAdmissionStrategy> CreateStrategyAsync() => RedisTestEnvironment.CreateStrategyAsync();

    /// <summary>The Redis under test, to tamper with.</summary>
    protected virtual Task<IDatabase> GetRedisAsync() => RedisTestEnvironment.GetRedisAsync();

    [Fact]
    public async Task Lock_contention_fifty_clients_one_seat_exactly_one_lease()
    {
        var (strategy, showId) = await CreateShowAsync("A1", "A2");

        var results = await Concurrency.RaceAsync(50, i => strategy.Leases.AcquireAsync(showId, $"user{i}", ["A1"], TimeSpan.FromSeconds(120)));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r =>
        {
            Assert.Equal(SeatLeaseStatus.Unavailable, r.Status);
            Assert.Equal(["A1"], r.UnavailableSeatIds);
        });
    }

    [Fact]
    public async Task Lock_ttl_expiry_the_lease_frees_itself_and_the_next_client_gets_it()
    {
        var (strategy, showId) = await CreateShowAsync("A1");
        // Long enough that the next call still finds it on a loaded machine: with 300 ms, a CI run on the
        // 2-core machine saw the lease expire before the second client's first attempt.
        Assert.True((await strategy.Leases.AcquireAsync(showId, "first", ["A1"], TimeSpan.FromSeconds(2))).Succeeded);
        Assert.Equal(SeatLeaseStatus.Unavailable, (await strategy.Leases.AcquireAsync(showId, "second", ["A1"], TimeSpan.FromSeconds(5))).Status);

        // Nobody releases the lease: Redis expires the key. Poll (no timing assertion) until it has.
        var second = await Concurrency.PollAsync(() => strategy.Leases.AcquireAsync(showId, "second", ["A1"], TimeSpan.FromSeconds(5)), r => r.Succeeded);

        Assert.True(second.Succeeded);
        Assert.Equal(SeatLeaseStatus.Unavailable, (await strategy.Leases.ExtendAsync(showId, "first", ["A1"], TimeSpan.FromSeconds(5))).Status);
        Assert.True((await strategy.BookAsync(AllocationRequest.ForSeats(showId, "second-books", "second", "A1"))).Succeeded);
    }

    [Fact]
    public async Task High_ramp_up_lock_race_fifty_clients_in_bursts_one_lease_at_a_time()
    {
        var (strategy, showId) = await CreateShowAsync("A1");
        var results = new List<SeatLeaseResult>();
        for (var wave = 0; wave < 5; wave++)
        {
            // Ten new clients a burst, as the seed's 10/s ramp-up, while the first lease lives.
            results.AddRange(await Concurrency.RaceAsync(10, i => strategy.Leases.AcquireAsync(showId, $"user{(wave * 10) + i}", ["A1"], TimeSpan.FromSeconds(30))));
        }

        Assert.Equal(50, results.Count);
        Assert.Single(results, r => r.Succeeded);
    }

    [Fact]
    public async Task Confirm_race_on_one_seat_database_truth_beats_a_wrong_redis()
    {
        var (strategy, showId) = await CreateShowAsync("A1");
        var redis = await GetRedisAsync();

        // Ten clients lease A1 for one second, and whoever got the lease confirms.
        var first = await Concurrency.RaceAsync(10, i => LeaseThenBookAsync(strategy, showId, $"user{i}"));
        Assert.Single(first, o => o.Booking is { Succeeded: true });

        // Redis forgets the seat (as an evicted key would), then ten more clients race: Redis gives
        // one of them a lease it should not, and PostgreSQL refuses that client's confirm.
        await redis.KeyDeleteAsync(RedisState.Keys(showId).Seat("A1"));
        var second = await Concurrency.RaceAsync(10, i => LeaseThenBookAsync(strategy, showId, $"user{10 + i}"));
        var misled = Assert.Single(second, o => o.Lease.Succeeded);
        Assert.Equal(AllocationStatus.Unavailable, misled.Booking!.Status);
        Assert.Equal(["A1"], misled.Booking.UnavailableSeatIds);

        var availability = await strategy.GetAvailabilityAsync(showId);
        Assert.Equal((0, 1), (availability!.Available, availability.Booked));
        Assert.True((await strategy.VerifyAsync(showId)).IsValid);

        // PostgreSQL's refusal repaired Redis: the booked seat cannot be leased any more.
        Assert.Equal(SeatLeaseStatus.Unavailable, (await strategy.Leases.AcquireAsync(showId, "latecomer", ["A1"], TimeSpan.FromSeconds(1))).Status);
    }

    [Fact]
    public async Task Confirm_race_on_a_multi_seat_request_commits_both_seats_or_neither()
    {
        var (strategy, showId) = await CreateShowAsync("A1", "A2", "A3", "A4");

        // Half the clients want A2+A3, half A3+A4: A3 is contested, each pair is all-or-nothing.
        var outcomes = await Concurrency.RaceAsync(20, async i =>
        {
            string[] seats = i % 2 == 0 ? ["A2", "A3"] : ["A3", "A4"];
            var lease = await strategy.Leases.AcquireAsync(showId, $"user{i}", seats, TimeSpan.FromSeconds(1));
            return lease.Succeeded ? await strategy.BookAsync(AllocationRequest.ForSeats(showId, $"confirm-{i}", $"user{i}", seats)) : null;
        });

        var winner = Assert.Single(outcomes, r => r is { Succeeded: true })!.Allocation!;
        Assert.Equal(2, winner.SeatIds.Count);
        Assert.Contains("A3", winner.SeatIds);
        var availability = await strategy.GetAvailabilityAsync(showId);
        Assert.Equal((2, 2), (availability!.Available, availability.Booked));
        var loser = winner.SeatIds.Contains("A2") ? "A4" : "A2";
        Assert.True((await strategy.BookAsync(AllocationRequest.ForSeats(showId, "after", "late", loser, "A1"))).Succeeded);
        Assert.True((await strategy.VerifyAsync(showId)).IsValid);
    }

    private async Task<(RedisAdmissionStrategy Strategy, string ShowId)> CreateShowAsync(params string[] seats)
    {
        var strategy = await CreateStrategyAsync();
        var showId = RedisTestEnvironment.NewId("seed");
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, seats));
        return (strategy, showId);
    }

    private static async Task<(SeatLeaseResult Lease, AllocationResult? Booking)> LeaseThenBookAsync(RedisAdmissionStrategy strategy, string showId, string user)
    {
        var lease = await strategy.Leases.AcquireAsync(showId, user, ["A1"], TimeSpan.FromSeconds(1));
        return (lease, lease.Succeeded ? await strategy.BookAsync(AllocationRequest.ForSeats(showId, $"confirm-{user}", user, "A1")) : null);
    }
}
