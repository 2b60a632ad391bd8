namespace SeatAllocation.InMemory;

/// <summary>What a seat map chose for a best-available request: seats (together or split), or why none.</summary>
/// <param name="Status"><see cref="AllocationStatus.Allocated"/>, <see cref="AllocationStatus.Unavailable"/> or <see cref="AllocationStatus.NotEnoughTogether"/>.</param>
/// <param name="SeatIds">The seats chosen; empty when refused.</param>
/// <param name="Together">Whether the seats are one block of adjacent seats in one row.</param>
internal readonly record struct SeatChoice(AllocationStatus Status, string[] SeatIds, bool Together)
{
    public static SeatChoice NotEnoughAvailable => new(AllocationStatus.Unavailable, [], false);

    public static SeatChoice NotEnoughTogether => new(AllocationStatus.NotEnoughTogether, [], false);
}
