using Xunit;

namespace SeatAllocation.Testing;

public abstract partial class AllocationStrategyConformanceTests
{
    /// <summary>Five hundred buyers for the last ten seats book exactly ten.</summary>
    [Fact]
    public async Task Five_hundred_buyers_for_the_last_ten_seats_book_exactly_ten()
    {
        var showId = await CreateSeatedShowAsync(10);

        var results = await Concurrency.RaceAsync(500, i => BookUntilDecidedAsync(AllocationRequest.ForQuantity(showId, NewId("req"), $"user{i}", 1)));

        var booked = results.Where(r => r.Succeeded).Select(r => r.Allocation!).ToList();
        Assert.Equal(10, booked.Count);
        Assert.Equal(10, booked.SelectMany(b => b.SeatIds).Distinct().Count());
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(AllocationStatus.Unavailable, r.Status));
        await AssertAvailabilityAsync(showId, available: 0, held: 0, booked: 10);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>Two hundred buyers for one named seat leave one winner.</summary>
    [Fact]
    public async Task Two_hundred_buyers_for_one_named_seat_leave_one_winner()
    {
        var showId = await CreateSeatedShowAsync(3);

        var results = await Concurrency.RaceAsync(200, i => BookUntilDecidedAsync(AllocationRequest.ForSeats(showId, NewId("req"), $"user{i}", "S002")));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(["S002"], r.UnavailableSeatIds));
        await AssertAvailabilityAsync(showId, available: 2, held: 0, booked: 1);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>Overlapping multi seat requests never share a seat or commit partially.</summary>
    [Fact]
    public async Task Overlapping_multi_seat_requests_never_share_a_seat_or_commit_partially()
    {
        const int seats = 30;
        var showId = await CreateSeatedShowAsync(seats);
        var names = SeatNames(seats);

        var results = await Concurrency.RaceAsync(300, i =>
        {
            var random = new Random(i);
            var size = random.Next(2, 5);
            var start = random.Next(0, seats - size + 1);
            return BookUntilDecidedAsync(AllocationRequest.ForSeats(showId, NewId("req"), $"user{i}", names[start..(start + size)]));
        });

        var winners = results.Where(r => r.Succeeded).Select(r => r.Allocation!).ToList();
        var seatsWon = winners.SelectMany(w => w.SeatIds).ToList();
        Assert.Equal(seatsWon.Count, seatsWon.Distinct().Count());
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(AllocationStatus.Unavailable, r.Status));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.NotEmpty(r.UnavailableSeatIds));
        await AssertAvailabilityAsync(showId, available: seats - seatsWon.Count, held: 0, booked: seatsWon.Count);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>A general admission rush never sells more than the capacity.</summary>
    [Fact]
    public async Task A_general_admission_rush_never_sells_more_than_the_capacity()
    {
        const int capacity = 40;
        var showId = await CreateGeneralAdmissionShowAsync(capacity);

        var results = await Concurrency.RaceAsync(300, i => BookUntilDecidedAsync(AllocationRequest.ForQuantity(showId, NewId("req"), $"user{i}", 1 + (i % 3))));

        var sold = results.Where(r => r.Succeeded).Sum(r => r.Allocation!.Quantity);
        Assert.InRange(sold, capacity - 2, capacity);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(AllocationStatus.Unavailable, r.Status));
        await AssertAvailabilityAsync(showId, available: capacity - sold, held: 0, booked: sold);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>Concurrent holds confirms releases and cancels keep the books straight.</summary>
    [Fact]
    public async Task Concurrent_holds_confirms_releases_and_cancels_keep_the_books_straight()
    {
        var seated = await CreateSeatedShowAsync(20);
        var generalAdmission = await CreateGeneralAdmissionShowAsync(20);

        var outcomes = await Concurrency.RaceAsync(120, async i =>
        {
            var showId = i % 2 == 0 ? seated : generalAdmission;
            var hold = await Strategy.HoldAsync(AllocationRequest.ForQuantity(showId, NewId("req"), $"user{i}", 1 + (i % 2)), HoldDuration);
            if (!hold.Succeeded)
            {
                return (showId, held: 0, booked: 0);
            }

            var reference = new AllocationReference(showId, hold.Allocation.Id, $"user{i}");
            switch (i % 4)
            {
                case 0 or 1:
                    Assert.Equal(ReleaseStatus.Released, await Strategy.ReleaseAsync(reference));
                    return (showId, held: 0, booked: 0);
                case 2:
                    AssertAllocated(await Strategy.ConfirmAsync(reference));
                    return (showId, held: 0, booked: hold.Allocation.Quantity);
                default:
                    AssertAllocated(await Strategy.ConfirmAsync(reference));
                    Assert.Equal(ReleaseStatus.Released, await Strategy.CancelAsync(reference));
                    return (showId, held: 0, booked: 0);
            }
        });

        foreach (var showId in new[] { seated, generalAdmission })
        {
            var booked = outcomes.Where(o => o.showId == showId).Sum(o => o.booked);
            await AssertAvailabilityAsync(showId, available: 20 - booked, held: 0, booked: booked);
            await AssertInvariantsHoldAsync(showId);
        }
    }
}
