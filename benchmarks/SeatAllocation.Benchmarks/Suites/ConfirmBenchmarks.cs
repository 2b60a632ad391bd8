namespace SeatAllocation.Benchmarks.Suites;

/// <summary>Uncontended <c>ConfirmAsync</c> of a live one-seat hold.</summary>
public class ConfirmBenchmarks : OperationBenchmarks
{
    /// <inheritdoc />
    protected override string Operation => "confirm";

    /// <inheritdoc />
    protected override async Task<string> PrepareItemAsync(IAllocationStrategy strategy, string showId, string seatId)
    {
        var hold = await strategy.HoldAsync(AllocationRequest.ForSeats(showId, "h-" + seatId, "user", seatId), TimeSpan.FromHours(1)).ConfigureAwait(false);
        Expect(hold, "prepare hold");
        return hold.Allocation!.Id;
    }

    /// <inheritdoc />
    protected override async Task RunAsync(IAllocationStrategy strategy, string showId, string seatId, string allocationId) =>
        Expect(await strategy.ConfirmAsync(new AllocationReference(showId, allocationId, "user")).ConfigureAwait(false), "confirm");

    /// <inheritdoc />
    private protected override Task RunRawAsync(RawNpgsqlAllocator raw, string showId, string seatId, string allocationId) =>
        raw.ConfirmAsync(showId, allocationId);
}
