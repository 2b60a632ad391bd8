using Xunit;

namespace SeatAllocation.Testing;

public abstract partial class SeatMapConformanceTests
{
    /// <summary>Replaying a best-available request returns the seats chosen the first time, even once better ones are free.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Replaying_a_best_available_request_returns_the_seats_chosen_the_first_time()
    {
        var showId = await CreateMapAsync(Row("A", 6));
        var blocker = AssertAllocated(await Strategy.HoldAsync(AllocationRequest.ForSeats(showId, NewId("req"), "bob", "A3", "A4"), HoldDuration));
        var request = AllocationRequest.BestAvailable(showId, NewId("req"), "ada", 2);
        var first = AssertAllocated(await Strategy.HoldAsync(request, HoldDuration));
        Assert.Equal(ReleaseStatus.Released, await Strategy.ReleaseAsync(new AllocationReference(showId, blocker.Id, "bob")));

        var replay = await Strategy.HoldAsync(AllocationRequest.BestAvailable(showId, request.RequestId, "ada", 2, new BestAvailableOptions()), HoldDuration);

        Assert.True(replay.IsReplay);
        Assert.Equal(first, replay.Allocation);
        Assert.Equal(true, replay.Allocation!.Together);
        await AssertAvailabilityAsync(showId, available: 4, held: 2, booked: 0);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>Reusing a best-available request's id with other options, another quantity or as named seats is refused and changes nothing.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Reusing_a_best_available_request_id_with_other_options_is_refused()
    {
        var showId = await CreateMapAsync([.. Row("A", 6).Select(seat => seat with { Category = "premium" }), .. Row("B", 6)]);
        var requestId = NewId("req");
        var first = AssertAllocated(await Strategy.BookAsync(AllocationRequest.BestAvailable(showId, requestId, "ada", 2)));

        AllocationRequest[] reuses =
        [
            AllocationRequest.BestAvailable(showId, requestId, "ada", 2, new BestAvailableOptions { Together = false }),
            AllocationRequest.BestAvailable(showId, requestId, "ada", 2, new BestAvailableOptions { Category = "premium" }),
            AllocationRequest.BestAvailable(showId, requestId, "ada", 2, new BestAvailableOptions { Section = "Stalls" }),
            AllocationRequest.BestAvailable(showId, requestId, "ada", 2, new BestAvailableOptions { Accessible = true }),
            AllocationRequest.BestAvailable(showId, requestId, "ada", 3),
            AllocationRequest.ForQuantity(showId, requestId, "ada", 2),
            AllocationRequest.ForSeats(showId, requestId, "ada", first.SeatIds),
        ];

        foreach (var reuse in reuses)
        {
            Assert.Equal(AllocationStatus.IdempotencyKeyReused, (await Strategy.BookAsync(reuse)).Status);
        }

        await AssertAvailabilityAsync(showId, available: 10, held: 0, booked: 2);
        await AssertInvariantsHoldAsync(showId);
    }
}
