namespace SeatAllocation;

/// <summary>
/// What a best-available request (<see cref="AllocationRequest.BestAvailable"/>) may be given: whether
/// the seats must sit together, and which seats qualify. Validated on construction.
/// </summary>
public sealed record BestAvailableOptions
{
    /// <summary>Gets whether the seats must be adjacent in one row; <see langword="true"/> by default.</summary>
    /// <remarks>
    /// When no block of adjacent seats is free but enough qualifying seats are, a request with
    /// <see langword="true"/> is refused with <see cref="AllocationStatus.NotEnoughTogether"/>, and one
    /// with <see langword="false"/> is split over as few blocks as possible (<see cref="Allocation.Together"/> says which happened).
    /// </remarks>
    public bool Together { get; init; } = true;

    /// <summary>Gets the only category (price level) to choose from, or <see langword="null"/> for any.</summary>
    /// <exception cref="ArgumentException">The category is blank, too long or contains a control character.</exception>
    public string? Category
    {
        get;
        init => field = value is null ? null : AllocationLimits.ThrowIfInvalidId(value, nameof(Category));
    }

    /// <summary>Gets the only section to choose from, or <see langword="null"/> for any.</summary>
    /// <exception cref="ArgumentException">The section is blank, too long or contains a control character.</exception>
    public string? Section
    {
        get;
        init => field = value is null ? null : AllocationLimits.ThrowIfInvalidId(value, nameof(Section));
    }

    /// <summary>Gets whether only accessible seats qualify; <see langword="false"/> (the default) lets any seat qualify.</summary>
    public bool Accessible { get; init; }
}
