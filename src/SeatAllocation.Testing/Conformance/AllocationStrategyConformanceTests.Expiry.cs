using Xunit;

namespace SeatAllocation.Testing;

public abstract partial class AllocationStrategyConformanceTests
{
    /// <summary>An expired hold frees its seats for others and can no longer be confirmed.</summary>
    [Fact]
    public async Task An_expired_hold_frees_its_seats_for_others_and_can_no_longer_be_confirmed()
    {
        var showId = await CreateSeatedShowAsync(3);
        var hold = AssertAllocated(await HoldSeatsAsync(showId, "ada", "S001", "S002"));

        Clock.Advance(HoldDuration);

        await AssertAvailabilityAsync(showId, available: 3, held: 0, booked: 0);
        var taken = AssertAllocated(await BookSeatsAsync(showId, "bob", "S002", "S003"));
        Assert.Equal(AllocationStatus.HoldExpired, (await Strategy.ConfirmAsync(new AllocationReference(showId, hold.Id, "ada"))).Status);
        Assert.Equal(ReleaseStatus.HoldExpired, await Strategy.ReleaseAsync(new AllocationReference(showId, hold.Id, "ada")));
        await AssertAvailabilityAsync(showId, available: 1, held: 0, booked: 2);
        Assert.Equal(["S002", "S003"], taken.SeatIds);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>A hold blocks others until the moment it expires.</summary>
    [Fact]
    public async Task A_hold_blocks_others_until_the_moment_it_expires()
    {
        var showId = await CreateSeatedShowAsync(1);
        var hold = AssertAllocated(await HoldSeatsAsync(showId, "ada", "S001"));

        Clock.Advance(HoldDuration - TimeSpan.FromSeconds(1));

        Assert.Equal(AllocationStatus.Unavailable, (await BookSeatsAsync(showId, "bob", "S001")).Status);
        AssertAllocated(await Strategy.ConfirmAsync(new AllocationReference(showId, hold.Id, "ada")));
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(AllocationStatus.Unavailable, (await BookSeatsAsync(showId, "bob", "S001")).Status);
        await AssertAvailabilityAsync(showId, available: 0, held: 0, booked: 1);
    }

    /// <summary>Expired general admission holds give their units back.</summary>
    [Fact]
    public async Task Expired_general_admission_holds_give_their_units_back()
    {
        var showId = await CreateGeneralAdmissionShowAsync(5);
        var hold = AssertAllocated(await Strategy.HoldAsync(AllocationRequest.ForQuantity(showId, NewId("req"), "ada", 4), TimeSpan.FromMinutes(1)));
        AssertAllocated(await Strategy.HoldAsync(AllocationRequest.ForQuantity(showId, NewId("req"), "bob", 1), TimeSpan.FromMinutes(10)));
        Assert.Equal(AllocationStatus.Unavailable, (await Strategy.BookAsync(AllocationRequest.ForQuantity(showId, NewId("req"), "carol", 4))).Status);

        Clock.Advance(TimeSpan.FromMinutes(2));

        await AssertAvailabilityAsync(showId, available: 4, held: 1, booked: 0);
        AssertAllocated(await Strategy.BookAsync(AllocationRequest.ForQuantity(showId, NewId("req"), "carol", 4)));
        Assert.Equal(AllocationStatus.HoldExpired, (await Strategy.ConfirmAsync(new AllocationReference(showId, hold.Id))).Status);
        await AssertAvailabilityAsync(showId, available: 0, held: 1, booked: 4);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>A quantity request can take seats of an expired hold.</summary>
    [Fact]
    public async Task A_quantity_request_can_take_seats_of_an_expired_hold()
    {
        var showId = await CreateSeatedShowAsync(2);
        AssertAllocated(await Strategy.HoldAsync(AllocationRequest.ForQuantity(showId, NewId("req"), "ada", 2), TimeSpan.FromSeconds(30)));

        Clock.Advance(TimeSpan.FromSeconds(31));
        var booking = AssertAllocated(await Strategy.BookAsync(AllocationRequest.ForQuantity(showId, NewId("req"), "bob", 2)));

        Assert.Equal(["S001", "S002"], booking.SeatIds);
        await AssertAvailabilityAsync(showId, available: 0, held: 0, booked: 2);
        await AssertInvariantsHoldAsync(showId);
    }
}
