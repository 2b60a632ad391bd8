namespace SeatAllocation;

/// <summary>The kinds of broken invariant the verifier reports.</summary>
public enum ViolationKind
{
    /// <summary>A seat belongs to two live holds or bookings (invariant 1).</summary>
    DoubleBookedSeat,

    /// <summary>More seats or units are held and booked than the show has (invariant 1).</summary>
    OverCapacity,

    /// <summary>A hold or booking owns only part of the seats it was granted (invariant 2).</summary>
    PartialAllocation,

    /// <summary>A stored counter disagrees with the holds and bookings it summarizes.</summary>
    CounterMismatch,

    /// <summary>A seat points at a hold or booking that does not exist or is no longer live.</summary>
    OrphanedSeat,
}
