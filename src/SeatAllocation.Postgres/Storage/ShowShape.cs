namespace SeatAllocation.Postgres.Storage;

/// <summary>The parts of a show that never change after creation, so they can be cached.</summary>
internal sealed record ShowShape(bool Seated, int Capacity, int? MaxSeatsPerUser);
