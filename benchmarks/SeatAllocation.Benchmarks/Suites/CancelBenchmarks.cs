namespace SeatAllocation.Benchmarks.Suites;

/// <summary>Uncontended <c>CancelAsync</c> of a one-seat booking.</summary>
public class CancelBenchmarks : OperationBenchmarks
{
    /// <inheritdoc />
    protected override string Operation => "cancel";

    /// <inheritdoc />
    protected override async Task<string> PrepareItemAsync(IAllocationStrategy strategy, string showId, string seatId)
    {
        var booking = await strategy.BookAsync(AllocationRequest.ForSeats(showId, "b-" + seatId, "user", seatId)).ConfigureAwait(false);
        Expect(booking, "prepare booking");
        return booking.Allocation!.Id;
    }

    /// <inheritdoc />
    protected override async Task RunAsync(IAllocationStrategy strategy, string showId, string seatId, string allocationId)
    {
        var status = await strategy.CancelAsync(new AllocationReference(showId, allocationId, "user")).ConfigureAwait(false);
        if (status != ReleaseStatus.Released)
        {
            throw new InvalidOperationException($"cancel: {status}");
        }
    }

    /// <inheritdoc />
    private protected override Task RunRawAsync(RawNpgsqlAllocator raw, string showId, string seatId, string allocationId) =>
        raw.CancelAsync(showId, allocationId);
}
