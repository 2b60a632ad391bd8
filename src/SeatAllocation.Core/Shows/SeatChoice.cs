namespace SeatAllocation;

/// <summary>What <see cref="BestAvailableChooser"/> chose for a best-available request: seats (together or split), or why none.</summary>
/// <param name="Status"><see cref="AllocationStatus.Allocated"/>, <see cref="AllocationStatus.Unavailable"/> or <see cref="AllocationStatus.NotEnoughTogether"/>.</param>
/// <param name="SeatIds">The seats chosen; empty when refused.</param>
/// <param name="Together">Whether the seats are one block of adjacent seats in one row.</param>
public sealed record SeatChoice(AllocationStatus Status, IReadOnlyList<string> SeatIds, bool Together)
{
    /// <summary>Fewer qualifying seats are free than were asked for.</summary>
    public static SeatChoice NotEnoughAvailable => new(AllocationStatus.Unavailable, [], false);

    /// <summary>Enough qualifying seats are free, but no block of adjacent ones, and the request wants its seats together.</summary>
    public static SeatChoice NotEnoughTogether => new(AllocationStatus.NotEnoughTogether, [], false);
}
