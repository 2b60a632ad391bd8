using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using SeatAllocation.InMemory;
using SeatAllocation.Redis.Admission;
using SeatAllocation.Testing;

namespace SeatAllocation.Redis.Tests.Admission;

/// <summary>
/// A best-available admission chooses from the seat marks Redis keeps beside the leases (one string
/// per show with a seat map), not from the leases themselves: after a rush in which holds expire,
/// holds are released, bookings cancelled and seats leased, the marks must still say what the
/// leases say, so the choices stay the reference's and every seat is sold again.
/// </summary>
[Collection(nameof(RedisAlone))]
public sealed class SeatMarksTests
{
    [Fact]
    public async Task After_a_rush_with_expiries_releases_and_leases_best_available_chooses_as_the_reference_and_sells_every_seat()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var strategy = await RedisTestEnvironment.CreateStrategyAsync(clock, options: new RedisAdmissionOptions { ReconcileInterval = TimeSpan.FromHours(1) });
        var showId = RedisTestEnvironment.NewId("seat-marks");
        var map = Theatre();
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, map));

        // The rush: 120 buyers for 60 seats, every third holding for a minute, the others booking.
        var rush = await Concurrency.RaceAsync(120, i =>
        {
            var request = AllocationRequest.BestAvailable(showId, $"rush-{i}", $"u{i}", 1 + (i % 3));
            return i % 3 == 0 ? strategy.HoldAsync(request, TimeSpan.FromMinutes(1)) : strategy.BookAsync(request);
        });
        var won = rush.Where(r => r.Succeeded).Select(r => r.Allocation!).ToList();
        Assert.Equal(60, won.Sum(a => a.SeatIds.Count));
        Assert.All(won, a => Assert.True(a.Together));

        // Then the holds expire, one booking is cancelled, and a holder leases two seats of it.
        clock.Advance(TimeSpan.FromMinutes(2));
        var cancelled = won.First(a => a.Kind == AllocationKind.Booking && a.SeatIds.Count == 2);
        Assert.Equal(ReleaseStatus.Released, await strategy.CancelAsync(new AllocationReference(showId, cancelled.Id)));
        Assert.True((await strategy.Leases.AcquireAsync(showId, "leaser", cancelled.SeatIds, TimeSpan.FromMinutes(5))).Succeeded);
        await RedisState.AssertSeatMarksAgreeAsync(await RedisTestEnvironment.GetRedisAsync(), showId, clock.GetUtcNow());

        // The reference, in the same state: the live bookings, and the leased seats as a hold.
        var reference = new InMemoryAllocationStrategy(clock);
        await reference.CreateShowAsync(ShowDefinition.Seated(showId, map));
        foreach (var booking in won.Where(a => a.Kind == AllocationKind.Booking && a.Id != cancelled.Id))
        {
            Assert.True((await reference.BookAsync(AllocationRequest.ForSeats(showId, booking.Id, booking.UserId, booking.SeatIds))).Succeeded);
        }

        Assert.True((await reference.HoldAsync(AllocationRequest.ForSeats(showId, "leased", "leaser", cancelled.SeatIds), TimeSpan.FromMinutes(5))).Succeeded);

        // Buyers one at a time, each seeing the same house in both: the same seats, until none are left.
        for (var i = 0; ; i++)
        {
            var options = new BestAvailableOptions { Together = i % 2 == 0 };
            var request = AllocationRequest.BestAvailable(showId, $"after-{i}", $"v{i}", 1 + (i % 4), options);
            var expected = await reference.BookAsync(request);
            var actual = await strategy.BookAsync(request);

            Assert.Equal(expected.Status, actual.Status);
            // The same seats; PostgreSQL lists them in ordinal order, the reference in the block's.
            Assert.Equal(expected.Allocation?.SeatIds.Order(StringComparer.Ordinal), actual.Allocation?.SeatIds.Order(StringComparer.Ordinal));
            Assert.Equal(expected.Allocation?.Together, actual.Allocation?.Together);
            if ((await reference.GetAvailabilityAsync(showId))!.Available == 0)
            {
                break;
            }
        }

        // The leaser books its two seats last: the lease kept them from everyone else.
        Assert.True((await strategy.BookAsync(AllocationRequest.ForSeats(showId, "leased", "leaser", cancelled.SeatIds))).Succeeded);
        Assert.Equal(0, (await strategy.GetAvailabilityAsync(showId))!.Available);
        await RedisState.AssertSeatMarksAgreeAsync(await RedisTestEnvironment.GetRedisAsync(), showId, clock.GetUtcNow());
        Assert.True((await strategy.VerifyAsync(showId)).IsValid);
    }

    [Fact]
    public async Task A_lease_key_changed_behind_the_scripts_is_not_chosen_and_its_mark_is_put_right()
    {
        var strategy = await RedisTestEnvironment.CreateStrategyAsync(options: new RedisAdmissionOptions { ReconcileInterval = TimeSpan.FromHours(1) });
        var showId = RedisTestEnvironment.NewId("seat-marks-drift");
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, Row("A", 5)));
        var redis = await RedisTestEnvironment.GetRedisAsync();

        // An operator leases the best seat by hand, without the scripts: its mark still says free.
        await redis.StringSetAsync(RedisState.Keys(showId).Seat("A-3"), RedisTokens.Lease("operator"), TimeSpan.FromMinutes(5));

        var result = await strategy.BookAsync(AllocationRequest.BestAvailable(showId, "one", "ada", 1));

        Assert.True(result.Succeeded, result.ToString());
        Assert.NotEqual(["A-3"], result.Allocation!.SeatIds);
        await RedisState.AssertSeatMarksAgreeAsync(redis, showId, DateTimeOffset.UtcNow);
        Assert.True((await strategy.VerifyAsync(showId)).IsValid);
    }

    /// <summary>Three rows of 20 with an aisle after seat 10, and a row of 10 seats with a gap, all default ranks.</summary>
    private static List<SeatMapSeat> Theatre() =>
        [.. Row("A", 20, aisleAfter: 10), .. Row("B", 20, aisleAfter: 10), .. Row("C", 20, aisleAfter: 10)];

    private static IEnumerable<SeatMapSeat> Row(string row, int seats, int? aisleAfter = null) =>
        Enumerable.Range(1, seats).Select(seat => new SeatMapSeat(
            string.Create(CultureInfo.InvariantCulture, $"{row}-{seat}"), "Stalls", row, seat > aisleAfter ? seat + 1 : seat));
}
