namespace SeatAllocation;

/// <summary>A snapshot of a show's inventory. Expired holds count as available.</summary>
/// <param name="ShowId">The show's id.</param>
/// <param name="IsSeated">Whether the show has named seats rather than general-admission capacity.</param>
/// <param name="Capacity">How many seats or units the show has.</param>
/// <param name="Available">How many are free right now.</param>
/// <param name="Held">How many are in live (unexpired) holds.</param>
/// <param name="Booked">How many are booked.</param>
public sealed record ShowAvailability(string ShowId, bool IsSeated, int Capacity, int Available, int Held, int Booked)
{
    /// <summary>
    /// Gets, for a show with a seat map, each category's seats and how many of them are free ("12 left
    /// in Premium"), by category name; empty for a show without a map or without categories.
    /// </summary>
    public IReadOnlyDictionary<string, SeatGroupAvailability> Categories { get; init; } = SeatGroupAvailability.None;

    /// <summary>Gets, for a show with a seat map, each section's seats and how many of them are free, by section name; empty otherwise.</summary>
    public IReadOnlyDictionary<string, SeatGroupAvailability> Sections { get; init; } = SeatGroupAvailability.None;
}
