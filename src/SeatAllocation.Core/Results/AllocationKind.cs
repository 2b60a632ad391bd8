namespace SeatAllocation;

/// <summary>Whether an allocation is a pending hold or a final booking.</summary>
public enum AllocationKind
{
    /// <summary>A reservation with an expiry: confirmed, released or expired later.</summary>
    Hold,

    /// <summary>A booking: the seats are sold until the booking is cancelled.</summary>
    Booking,
}
