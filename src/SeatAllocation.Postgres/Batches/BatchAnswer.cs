namespace SeatAllocation.Postgres.Batches;

/// <summary>What <c>apply_batch</c> answered for one request, turned into the contract's results.</summary>
/// <param name="Outcome">The outcome code.</param>
/// <param name="Allocation">The allocation made or replayed, as first granted (a confirmed hold still reads as the hold).</param>
/// <param name="UnavailableSeatIds">For <see cref="BatchOutcome.Unavailable"/>: the named seats taken or missing.</param>
internal sealed record BatchAnswer(BatchOutcome Outcome, Allocation? Allocation, IReadOnlyList<string> UnavailableSeatIds)
{
    public static BatchAnswer Contended { get; } = new(BatchOutcome.Contended, null, []);

    /// <summary>
    /// The answer as <paramref name="command"/> should see it: when a repeat after a transient failure
    /// finds that the command's first attempt committed, <c>apply_batch</c> answers a replay of the
    /// allocation this very command made (its own allocation id), which for the caller is the original
    /// answer, not a replay. Replays of other calls' allocations stay replays.
    /// </summary>
    public BatchAnswer AnswerTo(AllocationCommand command) =>
        Outcome == BatchOutcome.Replayed && command.IsAllocation && Allocation?.Id == command.AllocationId.ToString("N")
            ? this with { Outcome = BatchOutcome.Allocated }
            : this;

    /// <exception cref="ArgumentException">A best-available request for a show without a seat map.</exception>
    public AllocationResult ToAllocationResult(AllocationCommand command) => Outcome switch
    {
        BatchOutcome.Allocated => AllocationResult.Allocated(command.Operation == AllocationOperation.Confirm ? AsBooking() : Allocation!),
        BatchOutcome.Replayed => AllocationResult.Allocated(command.Operation == AllocationOperation.Confirm ? AsBooking() : Allocation!, isReplay: true),
        BatchOutcome.Unavailable => AllocationResult.Unavailable(UnavailableSeatIds),
        BatchOutcome.HoldExpired => AllocationResult.HoldExpired(),
        BatchOutcome.NotFound => AllocationResult.NotFound(),
        BatchOutcome.IdempotencyKeyReused => AllocationResult.IdempotencyKeyReused(),
        BatchOutcome.Contended => AllocationResult.Contended(),
        BatchOutcome.NotEnoughTogether => AllocationResult.NotEnoughTogether(),
        BatchOutcome.NoSeatMap => throw NoSeatMap(command.Request!),
        BatchOutcome.HoldLifetimeCapReached => AllocationResult.HoldLifetimeCapReached(),
        BatchOutcome.PerUserLimitReached => AllocationResult.PerUserLimitReached(),
        _ => throw new InvalidOperationException($"apply_batch answered {Outcome} to a {command.Operation}."),
    };

    public ReleaseStatus ToReleaseStatus() => Outcome switch
    {
        BatchOutcome.Released => ReleaseStatus.Released,
        BatchOutcome.HoldExpired => ReleaseStatus.HoldExpired,
        BatchOutcome.NotFound => ReleaseStatus.NotFound,
        _ => throw new InvalidOperationException($"apply_batch answered {Outcome} to a release or cancel."),
    };

    // The request is the caller's argument that is wrong, as the in-memory strategy reports it.
    private static ArgumentException NoSeatMap(AllocationRequest request) => new(
        $"Show '{request.ShowId}' has no seat map, so it cannot choose the best seats; define it with ShowDefinition.Seated(showId, seats) and SeatMapSeat.", nameof(request));

    private Allocation AsBooking() => Allocation! with { Kind = AllocationKind.Booking, ExpiresAt = null };
}
