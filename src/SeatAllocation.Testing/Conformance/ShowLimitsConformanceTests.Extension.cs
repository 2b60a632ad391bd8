using Xunit;

namespace SeatAllocation.Testing;

public abstract partial class ShowLimitsConformanceTests
{
    /// <summary>An extended hold expires later by the extension, and keeps its seats past its first expiry.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task An_extended_hold_keeps_its_seats_past_its_first_expiry()
    {
        var showId = await CreateAsync(ShowDefinition.Seated(NewId("seated"), "A1", "A2"));
        var hold = AssertAllocated(await Strategy.HoldAsync(AllocationRequest.ForSeats(showId, NewId("req"), "ada", "A1"), HoldDuration));

        var extended = AssertAllocated(await Strategy.ExtendAsync(ReferenceTo(hold), TimeSpan.FromMinutes(3)));
        Assert.Equal(hold.Id, extended.Id);
        Assert.Equal(AllocationKind.Hold, extended.Kind);
        Assert.Equal(hold.ExpiresAt + TimeSpan.FromMinutes(3), extended.ExpiresAt);
        Assert.Equal(hold.SeatIds, extended.SeatIds);

        Clock.Advance(HoldDuration + TimeSpan.FromMinutes(1));
        var rival = await Strategy.BookAsync(AllocationRequest.ForSeats(showId, NewId("req"), "grace", "A1"));
        Assert.Equal(AllocationStatus.Unavailable, rival.Status);
        await AssertAvailabilityAsync(showId, available: 1, held: 1, booked: 0);
        AssertAllocated(await Strategy.ConfirmAsync(ReferenceTo(hold)));
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>An extension that would take a hold past the show's cap is refused, and the hold keeps its expiry.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task An_extension_past_the_cap_is_refused_and_changes_nothing()
    {
        var showId = await CreateAsync(ShowDefinition.GeneralAdmission(NewId("ga"), 10).WithMaxHoldLifetime(TimeSpan.FromMinutes(10)));
        var hold = AssertAllocated(await HoldAsync(showId, "ada", 2));

        var upToTheCap = AssertAllocated(await Strategy.ExtendAsync(ReferenceTo(hold), TimeSpan.FromMinutes(5)));
        Assert.Equal(hold.ExpiresAt + TimeSpan.FromMinutes(5), upToTheCap.ExpiresAt);
        Assert.Equal(AllocationStatus.HoldLifetimeCapReached, (await Strategy.ExtendAsync(ReferenceTo(hold), TimeSpan.FromSeconds(1))).Status);

        Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        await AssertAvailabilityAsync(showId, available: 8, held: 2, booked: 0);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await AssertAvailabilityAsync(showId, available: 10, held: 0, booked: 0);
        Assert.Equal(AllocationStatus.HoldExpired, (await Strategy.ConfirmAsync(ReferenceTo(hold))).Status);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>Without a cap of its own, a show caps a hold's life at <see cref="AllocationLimits.MaxHoldDuration"/>.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Without_a_cap_a_hold_lives_at_most_the_longest_hold_duration()
    {
        var showId = await CreateAsync(ShowDefinition.GeneralAdmission(NewId("ga"), 10));
        var hold = AssertAllocated(await HoldAsync(showId, "ada", 1));

        Assert.Equal(AllocationStatus.HoldLifetimeCapReached, (await Strategy.ExtendAsync(ReferenceTo(hold), AllocationLimits.MaxHoldDuration)).Status);
        var extended = AssertAllocated(await Strategy.ExtendAsync(ReferenceTo(hold), AllocationLimits.MaxHoldDuration - HoldDuration));
        Assert.Equal(hold.ExpiresAt + AllocationLimits.MaxHoldDuration - HoldDuration, extended.ExpiresAt);
    }

    /// <summary>Only a live hold of the caller can be extended: not an expired one, a released one, a booking, or another user's.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Only_a_live_hold_of_its_owner_can_be_extended()
    {
        var showId = await CreateAsync(ShowDefinition.GeneralAdmission(NewId("ga"), 10));
        var extension = TimeSpan.FromMinutes(1);

        var theirs = AssertAllocated(await HoldAsync(showId, "ada", 1));
        Assert.Equal(AllocationStatus.NotFound, (await Strategy.ExtendAsync(new AllocationReference(showId, theirs.Id, "grace"), extension)).Status);
        Assert.Equal(AllocationStatus.NotFound, (await Strategy.ExtendAsync(new AllocationReference(showId, Guid.NewGuid().ToString("N"), "ada"), extension)).Status);
        Assert.Equal(AllocationStatus.NotFound, (await Strategy.ExtendAsync(new AllocationReference(NewId("missing"), theirs.Id, "ada"), extension)).Status);

        var released = AssertAllocated(await HoldAsync(showId, "ada", 1));
        Assert.Equal(ReleaseStatus.Released, await Strategy.ReleaseAsync(ReferenceTo(released)));
        Assert.Equal(AllocationStatus.NotFound, (await Strategy.ExtendAsync(ReferenceTo(released), extension)).Status);

        var booking = AssertAllocated(await BookAsync(showId, "ada", 1));
        Assert.Equal(AllocationStatus.NotFound, (await Strategy.ExtendAsync(ReferenceTo(booking), extension)).Status);
        var confirmed = AssertAllocated(await HoldAsync(showId, "ada", 1));
        AssertAllocated(await Strategy.ConfirmAsync(ReferenceTo(confirmed)));
        Assert.Equal(AllocationStatus.NotFound, (await Strategy.ExtendAsync(ReferenceTo(confirmed), extension)).Status);

        Clock.Advance(HoldDuration);
        Assert.Equal(AllocationStatus.HoldExpired, (await Strategy.ExtendAsync(ReferenceTo(theirs), extension)).Status);
        await AssertAvailabilityAsync(showId, available: 8, held: 0, booked: 2);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>
    /// A hundred concurrent one-minute extensions of one five-minute hold on a show capping holds at
    /// ten minutes: exactly five succeed, and the hold ends exactly at the cap.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Concurrent_extensions_stop_exactly_at_the_cap()
    {
        var showId = await CreateAsync(ShowDefinition.GeneralAdmission(NewId("ga"), 10).WithMaxHoldLifetime(TimeSpan.FromMinutes(10)));
        var hold = AssertAllocated(await HoldAsync(showId, "ada", 1));

        var results = await Concurrency.RaceAsync(100, _ => Strategy.ExtendAsync(ReferenceTo(hold), TimeSpan.FromMinutes(1)));

        Assert.Equal(5, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.True(r.Status is AllocationStatus.HoldLifetimeCapReached or AllocationStatus.Contended, r.ToString()));
        Assert.Equal(hold.ExpiresAt + TimeSpan.FromMinutes(5), results.Where(r => r.Succeeded).Max(r => r.Allocation!.ExpiresAt));
        Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(AllocationStatus.HoldExpired, (await Strategy.ConfirmAsync(ReferenceTo(hold))).Status);
        await AssertInvariantsHoldAsync(showId);
    }
}
