namespace SeatAllocation;

/// <summary>
/// A strategy that can say, for one show, which allocations are live right now and which request ids
/// it has already answered. Caches and admission gates in front of the strategy (such as the Redis
/// admission strategy) rebuild their state from it, because the strategy's store is the truth.
/// </summary>
public interface IShowSnapshotSource
{
    /// <summary>Reads one show's live holds and bookings and its answered request ids, consistently.</summary>
    /// <param name="showId">The show.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot, or <see langword="null"/> when the show does not exist.</returns>
    /// <exception cref="ArgumentException"><paramref name="showId"/> is not a valid id.</exception>
    Task<ShowSnapshot?> GetSnapshotAsync(string showId, CancellationToken cancellationToken = default);
}
