namespace SeatAllocation.Benchmarks.Measurement;

/// <summary>How one strategy call ended, as the race tables count it.</summary>
internal enum CallOutcome
{
    /// <summary>Seats were held or booked (or a hold confirmed, or released).</summary>
    Succeeded,

    /// <summary>A business "no": unavailable, sold out, hold expired, not found.</summary>
    Rejected,

    /// <summary>The strategy gave up on a race (<see cref="AllocationStatus.Contended"/>); retrying may succeed.</summary>
    Contended,

    /// <summary>The call threw.</summary>
    Error,
}
