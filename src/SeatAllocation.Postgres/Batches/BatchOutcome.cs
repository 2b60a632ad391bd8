namespace SeatAllocation.Postgres.Batches;

/// <summary>The outcome codes <c>apply_batch</c> answers for each request (see migration 5).</summary>
internal enum BatchOutcome : short
{
    /// <summary>The hold or booking was made, or the hold confirmed.</summary>
    Allocated = 1,

    /// <summary>The request id was used before with this payload, or the hold was already confirmed: the earlier allocation.</summary>
    Replayed = 2,

    /// <summary>Named seats taken or missing (listed), or not enough free (none listed).</summary>
    Unavailable = 3,

    /// <summary>The hold expired first.</summary>
    HoldExpired = 4,

    /// <summary>No such show or allocation, or another user's.</summary>
    NotFound = 5,

    /// <summary>The request id was used before with another payload.</summary>
    IdempotencyKeyReused = 6,

    /// <summary>A seat is locked by a writer outside the batch order, or the show's lock wait timed out.</summary>
    Contended = 7,

    /// <summary>The hold was released or the booking cancelled (now or before).</summary>
    Released = 8,

    /// <summary>A best-available request that wants its seats together found enough qualifying seats, but only apart.</summary>
    NotEnoughTogether = 9,

    /// <summary>A best-available request for a show without a seat map: the caller's error.</summary>
    NoSeatMap = 10,

    /// <summary>The extension would take the hold past the show's cap on a hold's life; nothing changed.</summary>
    HoldLifetimeCapReached = 11,

    /// <summary>The hold or booking would take its user past the show's per-user limit.</summary>
    PerUserLimitReached = 12,

    /// <summary>
    /// Not decided: a best-available proposal was overtaken, and this request is it or an open one
    /// after it (asked for with <c>p_defer_overtaken</c>). <see cref="BatchRunner"/> sends it again under
    /// the show's lock (<see cref="LockedBatch"/>); it never reaches a caller.
    /// </summary>
    Deferred = 13,
}
