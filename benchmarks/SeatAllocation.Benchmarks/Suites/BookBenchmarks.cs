namespace SeatAllocation.Benchmarks.Suites;

/// <summary>Uncontended <c>BookAsync</c> of one named seat.</summary>
public class BookBenchmarks : OperationBenchmarks
{
    /// <inheritdoc />
    protected override string Operation => "book";

    /// <inheritdoc />
    protected override Task<string> PrepareItemAsync(IAllocationStrategy strategy, string showId, string seatId) => Task.FromResult(string.Empty);

    /// <inheritdoc />
    protected override async Task RunAsync(IAllocationStrategy strategy, string showId, string seatId, string allocationId) =>
        Expect(await strategy.BookAsync(AllocationRequest.ForSeats(showId, "b-" + seatId, "user", seatId)).ConfigureAwait(false), "book");

    /// <inheritdoc />
    private protected override Task RunRawAsync(RawNpgsqlAllocator raw, string showId, string seatId, string allocationId) =>
        raw.TakeSeatsAsync(showId, "b-" + seatId, "user", [seatId], holdFor: null);
}
