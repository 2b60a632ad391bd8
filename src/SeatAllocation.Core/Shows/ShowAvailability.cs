namespace SeatAllocation;

/// <summary>A snapshot of a show's inventory. Expired holds count as available.</summary>
/// <param name="ShowId">The show's id.</param>
/// <param name="IsSeated">Whether the show has named seats rather than general-admission capacity.</param>
/// <param name="Capacity">How many seats or units the show has.</param>
/// <param name="Available">How many are free right now.</param>
/// <param name="Held">How many are in live (unexpired) holds.</param>
/// <param name="Booked">How many are booked.</param>
public sealed record ShowAvailability(string ShowId, bool IsSeated, int Capacity, int Available, int Held, int Booked);
