namespace SeatAllocation;

/// <summary>The outcome of a hold, book or confirm call.</summary>
public enum AllocationStatus
{
    /// <summary>The seats are held or booked; <see cref="AllocationResult.Allocation"/> says which.</summary>
    Allocated,

    /// <summary>
    /// Some requested seats are taken or do not exist (<see cref="AllocationResult.UnavailableSeatIds"/>),
    /// or not enough seats are free for a quantity request (sold out). Nothing was allocated.
    /// </summary>
    Unavailable,

    /// <summary>The hold expired before it was confirmed; its seats went back to the pool.</summary>
    HoldExpired,

    /// <summary>The show, hold or booking does not exist, or belongs to another user.</summary>
    NotFound,

    /// <summary>The request id was already used with a different payload; nothing was allocated.</summary>
    IdempotencyKeyReused,

    /// <summary>
    /// Nothing was allocated because of a passing condition, not because the seats are gone: the
    /// request kept losing races (or a lock wait timed out) and the strategy gave up after its bounded
    /// retries, or an admission gate that fails closed could not be reached. Retrying later may succeed.
    /// </summary>
    Contended,

    /// <summary>
    /// A best-available request that wants its seats together found no block of adjacent qualifying
    /// seats, though enough qualifying seats are free apart. Nothing was allocated; asking again
    /// without <see cref="BestAvailableOptions.Together"/> would split the group.
    /// </summary>
    NotEnoughTogether,

    /// <summary>
    /// The buyer already holds or has booked so many places in the show that this request would take
    /// them past the show's <see cref="ShowDefinition.MaxSeatsPerUser"/>. Nothing was allocated.
    /// </summary>
    PerUserLimitReached,

    /// <summary>
    /// Extending the hold would make it live longer, from its creation to its new expiry, than the
    /// show's <see cref="ShowDefinition.MaxHoldLifetime"/> allows. The hold is unchanged.
    /// </summary>
    HoldLifetimeCapReached,
}
