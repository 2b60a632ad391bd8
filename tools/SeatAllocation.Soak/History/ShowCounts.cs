namespace SeatAllocation.Soak.History;

/// <summary>A show's availability as <c>GET /shows/{showId}</c> answers it.</summary>
public sealed record ShowCounts(int Capacity, int Available, int Held, int Booked);
