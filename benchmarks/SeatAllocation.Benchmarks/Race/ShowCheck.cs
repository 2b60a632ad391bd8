namespace SeatAllocation.Benchmarks.Race;

/// <summary>A show a scenario used, with what its clients were told, for the verdict.</summary>
/// <param name="ShowId">The show.</param>
/// <param name="Capacity">Its seats or units.</param>
/// <param name="BookedByClients">Units the clients were told are booked (including any booked before the timed part).</param>
internal sealed record ShowCheck(string ShowId, int Capacity, long BookedByClients);
