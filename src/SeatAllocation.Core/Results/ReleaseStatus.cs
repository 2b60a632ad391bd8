namespace SeatAllocation;

/// <summary>The outcome of releasing a hold or cancelling a booking.</summary>
public enum ReleaseStatus
{
    /// <summary>The seats are back in the pool (now, or by an earlier call with the same id).</summary>
    Released,

    /// <summary>No such hold or booking of that user, or it is no longer of that kind (a confirmed hold is a booking).</summary>
    NotFound,

    /// <summary>The hold had already expired; its seats were already free.</summary>
    HoldExpired,
}
