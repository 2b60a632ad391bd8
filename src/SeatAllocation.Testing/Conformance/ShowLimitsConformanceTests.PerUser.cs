using Xunit;

namespace SeatAllocation.Testing;

public abstract partial class ShowLimitsConformanceTests
{
    /// <summary>Holds and bookings of one user count together against the limit; another user is not limited by them.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task A_buyer_is_refused_past_the_limit_while_another_buyer_is_served()
    {
        var showId = await CreateAsync(ShowDefinition.GeneralAdmission(NewId("ga"), 100).WithMaxSeatsPerUser(4));

        AssertAllocated(await HoldAsync(showId, "ada", 2));
        AssertAllocated(await BookAsync(showId, "ada", 1));
        Assert.Equal(AllocationStatus.PerUserLimitReached, (await HoldAsync(showId, "ada", 2)).Status);
        Assert.Equal(AllocationStatus.PerUserLimitReached, (await BookAsync(showId, "ada", 5)).Status);
        AssertAllocated(await BookAsync(showId, "ada", 1));
        Assert.Equal(AllocationStatus.PerUserLimitReached, (await BookAsync(showId, "ada", 1)).Status);
        AssertAllocated(await BookAsync(showId, "grace", 4));

        await AssertAvailabilityAsync(showId, available: 92, held: 2, booked: 6);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>Released holds, cancelled bookings and expired holds no longer count against the limit.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Places_given_back_no_longer_count_against_the_limit()
    {
        var showId = await CreateAsync(ShowDefinition.GeneralAdmission(NewId("ga"), 100).WithMaxSeatsPerUser(4));

        var hold = AssertAllocated(await HoldAsync(showId, "ada", 4));
        Assert.Equal(ReleaseStatus.Released, await Strategy.ReleaseAsync(ReferenceTo(hold)));
        var booking = AssertAllocated(await BookAsync(showId, "ada", 4));
        Assert.Equal(ReleaseStatus.Released, await Strategy.CancelAsync(ReferenceTo(booking)));
        AssertAllocated(await HoldAsync(showId, "ada", 4));
        Assert.Equal(AllocationStatus.PerUserLimitReached, (await HoldAsync(showId, "ada", 1)).Status);

        Clock.Advance(HoldDuration + TimeSpan.FromSeconds(1));
        AssertAllocated(await BookAsync(showId, "ada", 4));
        await AssertAvailabilityAsync(showId, available: 96, held: 0, booked: 4);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>On a seated show the limit counts seats, named or any; a replay of an allocation made within the limit is still a replay.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Named_seats_count_against_the_limit_and_a_replay_is_still_answered()
    {
        var showId = await CreateAsync(ShowDefinition.Seated(NewId("seated"), "A1", "A2", "A3", "A4", "A5", "A6").WithMaxSeatsPerUser(3));

        var first = AllocationRequest.ForSeats(showId, NewId("req"), "ada", "A1", "A2");
        var booking = AssertAllocated(await Strategy.BookAsync(first));
        Assert.Equal(AllocationStatus.PerUserLimitReached, (await Strategy.BookAsync(AllocationRequest.ForSeats(showId, NewId("req"), "ada", "A3", "A4"))).Status);
        Assert.Equal(AllocationStatus.PerUserLimitReached, (await BookAsync(showId, "ada", 2)).Status);
        AssertAllocated(await BookAsync(showId, "ada", 1));

        var replay = await Strategy.BookAsync(first);
        Assert.True(replay.IsReplay, replay.ToString());
        Assert.Equal(booking.Id, AssertAllocated(replay).Id);
        await AssertAvailabilityAsync(showId, available: 3, held: 0, booked: 3);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>
    /// One user firing 1,000 concurrent requests for one place each on a show with a limit of 4 gets
    /// exactly 4; every other request is refused for the limit (or, from a strategy that gives up on
    /// lock waits, contended), and the verifier finds nothing wrong.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task A_thousand_concurrent_requests_from_one_buyer_get_exactly_the_limit()
    {
        var showId = await CreateAsync(ShowDefinition.GeneralAdmission(NewId("ga"), 500).WithMaxSeatsPerUser(4));

        var results = await Concurrency.RaceAsync(1000, i => i % 2 == 0 ? BookAsync(showId, "scalper", 1) : HoldAsync(showId, "scalper", 1));

        Assert.Equal(4, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.True(r.Status is AllocationStatus.PerUserLimitReached or AllocationStatus.Contended, r.ToString()));
        Assert.Contains(results, r => r.Status == AllocationStatus.PerUserLimitReached);
        var availability = await Strategy.GetAvailabilityAsync(showId);
        Assert.Equal(496, availability!.Available);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>The same rush on a seated show, where each request takes any free seat: exactly the limit's seats are taken.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Concurrent_requests_from_one_buyer_for_any_seats_get_exactly_the_limit()
    {
        var showId = await CreateAsync(ShowDefinition.Seated(NewId("seated"), Enumerable.Range(1, 100).Select(i => $"S{i:D3}")).WithMaxSeatsPerUser(4));

        var results = await Concurrency.RaceAsync(200, _ => BookAsync(showId, "scalper", 1));

        var sold = results.Where(r => r.Succeeded).SelectMany(r => r.Allocation!.SeatIds).ToList();
        Assert.Equal(4, sold.Count);
        Assert.Equal(4, sold.Distinct().Count());
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.True(r.Status is AllocationStatus.PerUserLimitReached or AllocationStatus.Contended, r.ToString()));
        await AssertAvailabilityAsync(showId, available: 96, held: 0, booked: 4);
        await AssertInvariantsHoldAsync(showId);
    }
}
