namespace SeatAllocation.Redis.Admission;

/// <summary>What the admission script answered for one request.</summary>
internal enum GateDecisionKind
{
    /// <summary>
    /// Redis took the seats or units for the request (for a quantity or best-available request on a
    /// seated show, seats it chose); PostgreSQL must now commit it or the gate is compensated.
    /// </summary>
    Admitted,

    /// <summary>Some named seats are leased, held or booked by others.</summary>
    Taken,

    /// <summary>Fewer seats or units remain than the quantity asked for.</summary>
    SoldOut,

    /// <summary>A best-available request's seats must sit together, and no block of them is free (enough apart are).</summary>
    NotEnoughTogether,

    /// <summary>The request id was seen before: PostgreSQL answers the replay (or the reused key).</summary>
    KnownRequest,

    /// <summary>The gate cannot decide (the show is unknown to PostgreSQL too, or rebuilds keep racing): PostgreSQL decides alone.</summary>
    Bypass,
}
