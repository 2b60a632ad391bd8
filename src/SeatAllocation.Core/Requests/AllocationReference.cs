namespace SeatAllocation;

/// <summary>Points at an existing hold or booking, optionally on behalf of its owner.</summary>
/// <remarks>
/// When <see cref="UserId"/> is set, the operation applies only if the allocation belongs to that
/// user; otherwise it is reported as not found, so ids of other users' allocations reveal nothing.
/// </remarks>
public sealed class AllocationReference
{
    /// <summary>Creates a reference to a hold or booking.</summary>
    /// <param name="showId">The show the allocation belongs to.</param>
    /// <param name="allocationId">The hold or booking id returned when it was made.</param>
    /// <param name="userId">The owner to check, or <see langword="null"/> to act on behalf of anyone (an administrator).</param>
    /// <exception cref="ArgumentException">An id is blank, too long or contains control characters.</exception>
    public AllocationReference(string showId, string allocationId, string? userId = null)
    {
        ShowId = AllocationLimits.ThrowIfInvalidId(showId);
        AllocationId = AllocationLimits.ThrowIfInvalidId(allocationId);
        UserId = userId is null ? null : AllocationLimits.ThrowIfInvalidId(userId);
    }

    /// <summary>Gets the show the allocation belongs to.</summary>
    public string ShowId { get; }

    /// <summary>Gets the hold or booking id.</summary>
    public string AllocationId { get; }

    /// <summary>Gets the owner to check, or <see langword="null"/> when ownership is not checked.</summary>
    public string? UserId { get; }
}
