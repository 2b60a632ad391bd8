namespace SeatAllocation;

/// <summary>Whether a seat is free, in a live hold, or booked.</summary>
public enum SeatStatus
{
    /// <summary>Nobody has the seat (a hold on it that expired counts as free).</summary>
    Free,

    /// <summary>The seat is in a live hold.</summary>
    Held,

    /// <summary>The seat is booked.</summary>
    Booked,
}
