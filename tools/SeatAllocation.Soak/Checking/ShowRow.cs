namespace SeatAllocation.Soak.Checking;

/// <summary>A row of a strategy's <c>shows</c> table at the end of the run.</summary>
public sealed record ShowRow(string Strategy, string ShowId, bool Seated, int Capacity, int Allocated, int Booked);
