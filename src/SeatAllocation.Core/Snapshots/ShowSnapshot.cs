namespace SeatAllocation;

/// <summary>One show's allocation state at one instant, as its strategy's store knows it.</summary>
/// <param name="ShowId">The show.</param>
/// <param name="IsSeated">Whether the show has named seats (otherwise it is general admission).</param>
/// <param name="Capacity">How many seats or units the show has.</param>
/// <param name="TakenAt">The instant (by the strategy's clock) that decided which holds were still live.</param>
/// <param name="LiveAllocations">Bookings, and holds that had not expired at <paramref name="TakenAt"/>.</param>
/// <param name="AllocationIdsByRequestId">
/// Every request id the show has answered with an allocation (live or not), and that allocation's id,
/// so a replay can be recognised.
/// </param>
/// <param name="SeatIds">Every seat of a seated show (empty for general admission), so unknown seat ids can be told apart.</param>
public sealed record ShowSnapshot(
    string ShowId,
    bool IsSeated,
    int Capacity,
    DateTimeOffset TakenAt,
    IReadOnlyList<Allocation> LiveAllocations,
    IReadOnlyDictionary<string, string> AllocationIdsByRequestId,
    IReadOnlyList<string> SeatIds)
{
    /// <summary>Gets the show's seat map (every seat with its place and rank, in the map's order), or an empty list when it has none.</summary>
    public IReadOnlyList<SeatMapSeat> SeatMap { get; init; } = [];

    /// <summary>Gets the show's <see cref="ShowDefinition.MaxSeatsPerUser"/>, or <see langword="null"/> when it has no limit.</summary>
    public int? MaxSeatsPerUser { get; init; }

    /// <summary>Gets how many seats or units are free: the capacity minus the live allocations.</summary>
    public int Available => Capacity - LiveAllocations.Sum(a => a.Quantity);
}
