namespace SeatAllocation.Redis;

/// <summary>How a seat lease call ended.</summary>
public enum SeatLeaseStatus
{
    /// <summary>The holder now leases every seat asked for, until <see cref="SeatLeaseResult.ExpiresAt"/>.</summary>
    Leased,

    /// <summary>
    /// Nothing changed: some seats are leased, held or booked by someone else (or, for an extension,
    /// not leased by this holder any more). HTTP: 409 Conflict.
    /// </summary>
    Unavailable,

    /// <summary>The show does not exist.</summary>
    NotFound,
}
