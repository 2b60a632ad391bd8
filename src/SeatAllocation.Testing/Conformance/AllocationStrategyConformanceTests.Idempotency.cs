using Xunit;

namespace SeatAllocation.Testing;

public abstract partial class AllocationStrategyConformanceTests
{
    /// <summary>Replaying a request id returns the original allocation.</summary>
    [Fact]
    public async Task Replaying_a_request_id_returns_the_original_allocation()
    {
        var showId = await CreateSeatedShowAsync(4);
        var request = AllocationRequest.ForQuantity(showId, NewId("req"), "ada", 2);

        var first = await Strategy.BookAsync(request);
        var replay = await Strategy.BookAsync(AllocationRequest.ForQuantity(showId, request.RequestId, "ada", 2));

        Assert.False(first.IsReplay);
        Assert.True(replay.IsReplay);
        Assert.Equal(AssertAllocated(first), AssertAllocated(replay));
        await AssertAvailabilityAsync(showId, available: 2, held: 0, booked: 2);
    }

    /// <summary>Replaying a hold after it was confirmed still returns the original hold.</summary>
    [Fact]
    public async Task Replaying_a_hold_after_it_was_confirmed_still_returns_the_original_hold()
    {
        var showId = await CreateGeneralAdmissionShowAsync(4);
        var request = AllocationRequest.ForQuantity(showId, NewId("req"), "ada", 2);
        var hold = AssertAllocated(await Strategy.HoldAsync(request, HoldDuration));
        AssertAllocated(await Strategy.ConfirmAsync(new AllocationReference(showId, hold.Id)));

        var replay = await Strategy.HoldAsync(request, HoldDuration);

        Assert.True(replay.IsReplay);
        Assert.Equal(hold, replay.Allocation);
        await AssertAvailabilityAsync(showId, available: 2, held: 0, booked: 2);
    }

    /// <summary>Reusing a request id with a different payload is refused and changes nothing.</summary>
    [Fact]
    public async Task Reusing_a_request_id_with_a_different_payload_is_refused_and_changes_nothing()
    {
        var showId = await CreateSeatedShowAsync(4);
        var requestId = NewId("req");
        AssertAllocated(await Strategy.HoldAsync(AllocationRequest.ForSeats(showId, requestId, "ada", "S001"), HoldDuration));

        var otherSeats = await Strategy.HoldAsync(AllocationRequest.ForSeats(showId, requestId, "ada", "S002"), HoldDuration);
        var otherUser = await Strategy.HoldAsync(AllocationRequest.ForSeats(showId, requestId, "bob", "S001"), HoldDuration);
        var asBooking = await Strategy.BookAsync(AllocationRequest.ForSeats(showId, requestId, "ada", "S001"));
        var asQuantity = await Strategy.HoldAsync(AllocationRequest.ForQuantity(showId, requestId, "ada", 1), HoldDuration);

        Assert.All([otherSeats, otherUser, asBooking, asQuantity], r => Assert.Equal(AllocationStatus.IdempotencyKeyReused, r.Status));
        await AssertAvailabilityAsync(showId, available: 3, held: 1, booked: 0);
    }

    /// <summary>A failed request is not remembered so retrying it can succeed.</summary>
    [Fact]
    public async Task A_failed_request_is_not_remembered_so_retrying_it_can_succeed()
    {
        var showId = await CreateSeatedShowAsync(1);
        var blocker = AssertAllocated(await HoldSeatsAsync(showId, "ada", "S001"));
        var request = AllocationRequest.ForSeats(showId, NewId("req"), "bob", "S001");
        Assert.Equal(AllocationStatus.Unavailable, (await Strategy.BookAsync(request)).Status);

        await Strategy.ReleaseAsync(new AllocationReference(showId, blocker.Id));
        var retried = await Strategy.BookAsync(request);

        Assert.False(retried.IsReplay);
        AssertAllocated(retried);
    }

    /// <summary>Concurrent replays of one request id book once.</summary>
    [Fact]
    public async Task Concurrent_replays_of_one_request_id_book_once()
    {
        var showId = await CreateSeatedShowAsync(10);
        var requestId = NewId("req");

        var results = await Concurrency.RaceAsync(50, _ => Strategy.BookAsync(AllocationRequest.ForQuantity(showId, requestId, "ada", 2)));

        Assert.All(results, r => Assert.True(r.Succeeded, r.ToString()));
        Assert.Single(results.Select(r => r.Allocation!.Id).Distinct());
        Assert.Single(results, r => !r.IsReplay);
        await AssertAvailabilityAsync(showId, available: 8, held: 0, booked: 2);
        await AssertInvariantsHoldAsync(showId);
    }
}
