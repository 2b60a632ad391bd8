namespace SeatAllocation;

/// <summary>The outcome of a hold, book or confirm call: an allocation, or why there is none.</summary>
public sealed class AllocationResult
{
    private static readonly AllocationResult SoldOut = new(AllocationStatus.Unavailable, null, [], false);
    private static readonly AllocationResult Expired = new(AllocationStatus.HoldExpired, null, [], false);
    private static readonly AllocationResult Missing = new(AllocationStatus.NotFound, null, [], false);
    private static readonly AllocationResult KeyReused = new(AllocationStatus.IdempotencyKeyReused, null, [], false);
    private static readonly AllocationResult LostRaces = new(AllocationStatus.Contended, null, [], false);
    private static readonly AllocationResult Apart = new(AllocationStatus.NotEnoughTogether, null, [], false);
    private static readonly AllocationResult OverLimit = new(AllocationStatus.PerUserLimitReached, null, [], false);
    private static readonly AllocationResult PastCap = new(AllocationStatus.HoldLifetimeCapReached, null, [], false);

    private AllocationResult(AllocationStatus status, Allocation? allocation, IReadOnlyList<string> unavailableSeatIds, bool isReplay)
    {
        Status = status;
        Allocation = allocation;
        UnavailableSeatIds = unavailableSeatIds;
        IsReplay = isReplay;
    }

    /// <summary>Gets what happened.</summary>
    public AllocationStatus Status { get; }

    /// <summary>Gets whether the seats were allocated.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Allocation))]
    public bool Succeeded => Status == AllocationStatus.Allocated;

    /// <summary>Gets the hold or booking when <see cref="Succeeded"/>; otherwise <see langword="null"/>.</summary>
    public Allocation? Allocation { get; }

    /// <summary>Gets the requested seats that were taken or do not exist; empty when a quantity could not be met (sold out).</summary>
    public IReadOnlyList<string> UnavailableSeatIds { get; }

    /// <summary>Gets whether this is the remembered outcome of an earlier call with the same request id (or an earlier confirmation).</summary>
    public bool IsReplay { get; }

    /// <summary>An allocation was made (or, with <paramref name="isReplay"/>, had been made earlier).</summary>
    /// <param name="allocation">The hold or booking.</param>
    /// <param name="isReplay">Whether the allocation was made by an earlier call.</param>
    /// <returns>The result.</returns>
    public static AllocationResult Allocated(Allocation allocation, bool isReplay = false) =>
        new(AllocationStatus.Allocated, allocation ?? throw new ArgumentNullException(nameof(allocation)), [], isReplay);

    /// <summary>The named seats are taken or do not exist.</summary>
    /// <param name="seatIds">The seats that could not be had.</param>
    /// <returns>The result.</returns>
    public static AllocationResult Unavailable(IReadOnlyList<string> seatIds) =>
        seatIds is null or { Count: 0 } ? SoldOut : new(AllocationStatus.Unavailable, null, seatIds, false);

    /// <summary>Not enough seats or units are free for a quantity request.</summary>
    /// <returns>The result.</returns>
    public static AllocationResult NotEnoughAvailable() => SoldOut;

    /// <summary>The hold expired before it was confirmed.</summary>
    /// <returns>The result.</returns>
    public static AllocationResult HoldExpired() => Expired;

    /// <summary>The show, hold or booking does not exist (or belongs to someone else).</summary>
    /// <returns>The result.</returns>
    public static AllocationResult NotFound() => Missing;

    /// <summary>The request id was used before with a different payload.</summary>
    /// <returns>The result.</returns>
    public static AllocationResult IdempotencyKeyReused() => KeyReused;

    /// <summary>The request lost its races or timed out waiting for a lock; nothing was allocated.</summary>
    /// <returns>The result.</returns>
    public static AllocationResult Contended() => LostRaces;

    /// <summary>No block of adjacent seats fits a best-available request that wants them together, though enough seats are free apart.</summary>
    /// <returns>The result.</returns>
    public static AllocationResult NotEnoughTogether() => Apart;

    /// <summary>The request would take the buyer past the show's <see cref="ShowDefinition.MaxSeatsPerUser"/>.</summary>
    /// <returns>The result.</returns>
    public static AllocationResult PerUserLimitReached() => OverLimit;

    /// <summary>The extension would take the hold past the show's <see cref="ShowDefinition.MaxHoldLifetime"/>.</summary>
    /// <returns>The result.</returns>
    public static AllocationResult HoldLifetimeCapReached() => PastCap;

    /// <inheritdoc />
    public override string ToString() => Status switch
    {
        AllocationStatus.Allocated => $"Allocated {Allocation!.Kind} {Allocation.Id} ({Allocation.Quantity} seats){(IsReplay ? " [replay]" : "")}",
        AllocationStatus.Unavailable when UnavailableSeatIds.Count > 0 => $"Unavailable: {string.Join(", ", UnavailableSeatIds)}",
        _ => Status.ToString(),
    };
}
