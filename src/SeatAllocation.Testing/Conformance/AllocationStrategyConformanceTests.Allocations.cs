using Xunit;

namespace SeatAllocation.Testing;

public abstract partial class AllocationStrategyConformanceTests
{
    /// <summary>A hold reserves its seats until confirmed into a booking with the same id.</summary>
    [Fact]
    public async Task A_hold_reserves_its_seats_until_confirmed_into_a_booking_with_the_same_id()
    {
        var showId = await CreateSeatedShowAsync(5);

        var hold = AssertAllocated(await HoldSeatsAsync(showId, "ada", "S002", "S001"));

        Assert.Equal(AllocationKind.Hold, hold.Kind);
        Assert.Equal(["S001", "S002"], hold.SeatIds);
        Assert.Equal(Clock.GetUtcNow() + HoldDuration, hold.ExpiresAt);
        await AssertAvailabilityAsync(showId, available: 3, held: 2, booked: 0);

        var booking = AssertAllocated(await Strategy.ConfirmAsync(new AllocationReference(showId, hold.Id, "ada")));

        Assert.Equal(hold.Id, booking.Id);
        Assert.Equal(AllocationKind.Booking, booking.Kind);
        Assert.Equal(["S001", "S002"], booking.SeatIds);
        Assert.Null(booking.ExpiresAt);
        await AssertAvailabilityAsync(showId, available: 3, held: 0, booked: 2);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>Confirming a booking again returns it as a replay.</summary>
    [Fact]
    public async Task Confirming_a_booking_again_returns_it_as_a_replay()
    {
        var showId = await CreateSeatedShowAsync(2);
        var hold = AssertAllocated(await HoldSeatsAsync(showId, "ada", "S001"));
        var first = await Strategy.ConfirmAsync(new AllocationReference(showId, hold.Id, "ada"));

        var second = await Strategy.ConfirmAsync(new AllocationReference(showId, hold.Id, "ada"));

        Assert.False(first.IsReplay);
        Assert.True(second.IsReplay);
        Assert.Equal(first.Allocation, second.Allocation);
        await AssertAvailabilityAsync(showId, available: 1, held: 0, booked: 1);
    }

    /// <summary>Only the holder can confirm or release a hold.</summary>
    [Fact]
    public async Task Only_the_holder_can_confirm_or_release_a_hold()
    {
        var showId = await CreateSeatedShowAsync(2);
        var hold = AssertAllocated(await HoldSeatsAsync(showId, "ada", "S001"));

        Assert.Equal(AllocationStatus.NotFound, (await Strategy.ConfirmAsync(new AllocationReference(showId, hold.Id, "mallory"))).Status);
        Assert.Equal(ReleaseStatus.NotFound, await Strategy.ReleaseAsync(new AllocationReference(showId, hold.Id, "mallory")));

        await AssertAvailabilityAsync(showId, available: 1, held: 1, booked: 0);
        Assert.True((await Strategy.ConfirmAsync(new AllocationReference(showId, hold.Id, "ada"))).Succeeded);
    }

    /// <summary>Unknown or malformed allocation ids are not found.</summary>
    [Fact]
    public async Task Unknown_or_malformed_allocation_ids_are_not_found()
    {
        var showId = await CreateSeatedShowAsync(1);

        Assert.Equal(AllocationStatus.NotFound, (await Strategy.ConfirmAsync(new AllocationReference(showId, "not-a-real-id"))).Status);
        Assert.Equal(AllocationStatus.NotFound, (await Strategy.ConfirmAsync(new AllocationReference(showId, Guid.NewGuid().ToString("N")))).Status);
        Assert.Equal(ReleaseStatus.NotFound, await Strategy.ReleaseAsync(new AllocationReference(showId, "not-a-real-id")));
        Assert.Equal(ReleaseStatus.NotFound, await Strategy.CancelAsync(new AllocationReference(showId, Guid.NewGuid().ToString("N"))));
    }

    /// <summary>A quantity hold on a seated show picks free seats.</summary>
    [Fact]
    public async Task A_quantity_hold_on_a_seated_show_picks_free_seats()
    {
        var showId = await CreateSeatedShowAsync(6);
        AssertAllocated(await BookSeatsAsync(showId, "ada", "S001", "S003"));

        var hold = AssertAllocated(await Strategy.HoldAsync(AllocationRequest.ForQuantity(showId, NewId("req"), "bob", 3), HoldDuration));

        Assert.Equal(3, hold.Quantity);
        Assert.Equal(3, hold.SeatIds.Count);
        Assert.Empty(hold.SeatIds.Intersect(["S001", "S003"]));
        Assert.Equal(hold.SeatIds.Order(StringComparer.Ordinal), hold.SeatIds);
        await AssertAvailabilityAsync(showId, available: 1, held: 3, booked: 2);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>General admission holds and bookings draw on the capacity.</summary>
    [Fact]
    public async Task General_admission_holds_and_bookings_draw_on_the_capacity()
    {
        var showId = await CreateGeneralAdmissionShowAsync(10);

        var hold = AssertAllocated(await Strategy.HoldAsync(AllocationRequest.ForQuantity(showId, NewId("req"), "ada", 4), HoldDuration));
        var booking = AssertAllocated(await Strategy.BookAsync(AllocationRequest.ForQuantity(showId, NewId("req"), "bob", 5)));

        Assert.Empty(hold.SeatIds);
        Assert.Equal(4, hold.Quantity);
        Assert.Equal(AllocationKind.Booking, booking.Kind);
        await AssertAvailabilityAsync(showId, available: 1, held: 4, booked: 5);

        Assert.True((await Strategy.ConfirmAsync(new AllocationReference(showId, hold.Id, "ada"))).Succeeded);
        await AssertAvailabilityAsync(showId, available: 1, held: 0, booked: 9);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>A request for partly taken seats says which and takes none.</summary>
    [Fact]
    public async Task A_request_for_partly_taken_seats_says_which_and_takes_none()
    {
        var showId = await CreateSeatedShowAsync(4);
        AssertAllocated(await BookSeatsAsync(showId, "ada", "S002"));

        var result = await BookSeatsAsync(showId, "bob", "S001", "S002", "S003");

        Assert.Equal(AllocationStatus.Unavailable, result.Status);
        Assert.Equal(["S002"], result.UnavailableSeatIds);
        Assert.Null(result.Allocation);
        await AssertAvailabilityAsync(showId, available: 3, held: 0, booked: 1);
        AssertAllocated(await BookSeatsAsync(showId, "carol", "S001", "S003"));
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>Seats the show does not have are unavailable.</summary>
    [Fact]
    public async Task Seats_the_show_does_not_have_are_unavailable()
    {
        var showId = await CreateSeatedShowAsync(2);

        var result = await BookSeatsAsync(showId, "ada", "S001", "Z999");

        Assert.Equal(AllocationStatus.Unavailable, result.Status);
        Assert.Equal(["Z999"], result.UnavailableSeatIds);
        await AssertAvailabilityAsync(showId, available: 2, held: 0, booked: 0);
    }

    /// <summary>Named seats on a general admission show are unavailable.</summary>
    [Fact]
    public async Task Named_seats_on_a_general_admission_show_are_unavailable()
    {
        var showId = await CreateGeneralAdmissionShowAsync(5);

        var result = await BookSeatsAsync(showId, "ada", "A1");

        Assert.Equal(AllocationStatus.Unavailable, result.Status);
        await AssertAvailabilityAsync(showId, available: 5, held: 0, booked: 0);
    }

    /// <summary>Asking for more than is free is sold out and takes nothing.</summary>
    [Fact]
    public async Task Asking_for_more_than_is_free_is_sold_out_and_takes_nothing()
    {
        var seated = await CreateSeatedShowAsync(3);
        var generalAdmission = await CreateGeneralAdmissionShowAsync(3);
        AssertAllocated(await Strategy.BookAsync(AllocationRequest.ForQuantity(seated, NewId("req"), "ada", 2)));
        AssertAllocated(await Strategy.BookAsync(AllocationRequest.ForQuantity(generalAdmission, NewId("req"), "ada", 2)));

        var seatedResult = await Strategy.BookAsync(AllocationRequest.ForQuantity(seated, NewId("req"), "bob", 2));
        var generalAdmissionResult = await Strategy.HoldAsync(AllocationRequest.ForQuantity(generalAdmission, NewId("req"), "bob", 2), HoldDuration);

        Assert.Equal(AllocationStatus.Unavailable, seatedResult.Status);
        Assert.Empty(seatedResult.UnavailableSeatIds);
        Assert.Equal(AllocationStatus.Unavailable, generalAdmissionResult.Status);
        await AssertAvailabilityAsync(seated, available: 1, held: 0, booked: 2);
        await AssertAvailabilityAsync(generalAdmission, available: 1, held: 0, booked: 2);
        await AssertInvariantsHoldAsync(seated);
        await AssertInvariantsHoldAsync(generalAdmission);
    }

    /// <summary>Releasing a hold frees its seats and releasing again is harmless.</summary>
    [Fact]
    public async Task Releasing_a_hold_frees_its_seats_and_releasing_again_is_harmless()
    {
        var showId = await CreateSeatedShowAsync(2);
        var hold = AssertAllocated(await HoldSeatsAsync(showId, "ada", "S001", "S002"));

        Assert.Equal(ReleaseStatus.Released, await Strategy.ReleaseAsync(new AllocationReference(showId, hold.Id, "ada")));
        Assert.Equal(ReleaseStatus.Released, await Strategy.ReleaseAsync(new AllocationReference(showId, hold.Id, "ada")));

        await AssertAvailabilityAsync(showId, available: 2, held: 0, booked: 0);
        Assert.Equal(AllocationStatus.NotFound, (await Strategy.ConfirmAsync(new AllocationReference(showId, hold.Id, "ada"))).Status);
        AssertAllocated(await BookSeatsAsync(showId, "bob", "S001", "S002"));
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>Cancelling a booking returns its seats to the pool.</summary>
    [Fact]
    public async Task Cancelling_a_booking_returns_its_seats_to_the_pool()
    {
        var seated = await CreateSeatedShowAsync(2);
        var generalAdmission = await CreateGeneralAdmissionShowAsync(2);
        var seatBooking = AssertAllocated(await BookSeatsAsync(seated, "ada", "S001", "S002"));
        var unitBooking = AssertAllocated(await Strategy.BookAsync(AllocationRequest.ForQuantity(generalAdmission, NewId("req"), "ada", 2)));

        Assert.Equal(ReleaseStatus.Released, await Strategy.CancelAsync(new AllocationReference(seated, seatBooking.Id, "ada")));
        Assert.Equal(ReleaseStatus.Released, await Strategy.CancelAsync(new AllocationReference(generalAdmission, unitBooking.Id)));
        Assert.Equal(ReleaseStatus.Released, await Strategy.CancelAsync(new AllocationReference(seated, seatBooking.Id, "ada")));

        await AssertAvailabilityAsync(seated, available: 2, held: 0, booked: 0);
        await AssertAvailabilityAsync(generalAdmission, available: 2, held: 0, booked: 0);
        AssertAllocated(await BookSeatsAsync(seated, "bob", "S002"));
        AssertAllocated(await Strategy.BookAsync(AllocationRequest.ForQuantity(generalAdmission, NewId("req"), "bob", 2)));
        await AssertInvariantsHoldAsync(seated);
        await AssertInvariantsHoldAsync(generalAdmission);
    }

    /// <summary>Holds and bookings are not interchangeable.</summary>
    [Fact]
    public async Task Holds_and_bookings_are_not_interchangeable()
    {
        var showId = await CreateSeatedShowAsync(2);
        var hold = AssertAllocated(await HoldSeatsAsync(showId, "ada", "S001"));
        var booking = AssertAllocated(await BookSeatsAsync(showId, "ada", "S002"));

        Assert.Equal(ReleaseStatus.NotFound, await Strategy.CancelAsync(new AllocationReference(showId, hold.Id)));
        Assert.Equal(ReleaseStatus.NotFound, await Strategy.ReleaseAsync(new AllocationReference(showId, booking.Id)));
        Assert.Equal(AllocationStatus.NotFound, (await Strategy.ConfirmAsync(new AllocationReference(showId, booking.Id))).Status);

        await AssertAvailabilityAsync(showId, available: 0, held: 1, booked: 1);
    }
}
