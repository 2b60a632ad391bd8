namespace SeatAllocation.Benchmarks.Suites;

/// <summary>Uncontended <c>HoldAsync</c> of one named seat.</summary>
public class HoldBenchmarks : OperationBenchmarks
{
    private static readonly TimeSpan HoldFor = TimeSpan.FromMinutes(10);

    /// <inheritdoc />
    protected override string Operation => "hold";

    /// <inheritdoc />
    protected override Task<string> PrepareItemAsync(IAllocationStrategy strategy, string showId, string seatId) => Task.FromResult(string.Empty);

    /// <inheritdoc />
    protected override async Task RunAsync(IAllocationStrategy strategy, string showId, string seatId, string allocationId) =>
        Expect(await strategy.HoldAsync(AllocationRequest.ForSeats(showId, "h-" + seatId, "user", seatId), HoldFor).ConfigureAwait(false), "hold");

    /// <inheritdoc />
    private protected override Task RunRawAsync(RawNpgsqlAllocator raw, string showId, string seatId, string allocationId) =>
        raw.TakeSeatsAsync(showId, "h-" + seatId, "user", [seatId], HoldFor);
}
