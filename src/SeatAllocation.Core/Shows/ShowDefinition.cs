namespace SeatAllocation;

/// <summary>A show to create: either named seats (reserved seating) or a capacity (general admission).</summary>
public sealed class ShowDefinition
{
    private ShowDefinition(string showId, IReadOnlyList<string> seatIds, int capacity)
    {
        ShowId = showId;
        SeatIds = seatIds;
        Capacity = capacity;
    }

    /// <summary>Gets the show's id.</summary>
    public string ShowId { get; }

    /// <summary>Gets the named seats, in ordinal order; empty for general admission.</summary>
    public IReadOnlyList<string> SeatIds { get; }

    /// <summary>Gets how many seats or units the show has.</summary>
    public int Capacity { get; }

    /// <summary>Gets whether the show has named seats rather than general-admission capacity.</summary>
    public bool IsSeated => SeatIds.Count > 0;

    /// <summary>Defines a show with named seats.</summary>
    /// <param name="showId">The show's id.</param>
    /// <param name="seatIds">The seat ids: at least one, distinct, at most <see cref="AllocationLimits.MaxCapacity"/>.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentException">An id is invalid, or the seat list is empty or has duplicates.</exception>
    public static ShowDefinition Seated(string showId, params IEnumerable<string> seatIds)
    {
        AllocationLimits.ThrowIfInvalidId(showId);
        var seats = AllocationLimits.ThrowIfInvalidSeatIds(seatIds);
        return new ShowDefinition(showId, seats, seats.Length);
    }

    /// <summary>Defines a general-admission show: a capacity, no named seats.</summary>
    /// <param name="showId">The show's id.</param>
    /// <param name="capacity">How many units can be sold: 1 to <see cref="AllocationLimits.MaxCapacity"/>.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentException">The id is invalid or the capacity is out of range.</exception>
    public static ShowDefinition GeneralAdmission(string showId, int capacity)
    {
        AllocationLimits.ThrowIfInvalidId(showId);
        AllocationLimits.ThrowIfInvalidCount(capacity);
        return new ShowDefinition(showId, [], capacity);
    }
}
