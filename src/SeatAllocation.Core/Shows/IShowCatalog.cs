namespace SeatAllocation;

/// <summary>
/// A strategy that can list its shows with their availability, a page at a time, for box-office
/// listings and dashboards. The built-in strategies implement it; the DI extension registers it next
/// to the strategy (resolving to the strategy itself).
/// </summary>
/// <remarks>
/// Pages are keyed by show id, not by position: each page holds the shows whose ids come after
/// <c>after</c> in the store's order of ids (ordinal for the in-memory strategy, the database's
/// collation for PostgreSQL), so shows created or removed between pages never shift a page. Each
/// page is read at once; availability moves on between pages.
/// </remarks>
/// <example>
/// <code>
/// string? after = null;
/// do
/// {
///     var page = await catalog.ListShowsAsync(100, after, cancellationToken);
///     foreach (var show in page.Shows) { /* … */ }
///     after = page.NextAfter;
/// }
/// while (after is not null);
/// </code>
/// </example>
public interface IShowCatalog
{
    /// <summary>Lists up to <paramref name="limit"/> shows whose ids come after <paramref name="after"/>.</summary>
    /// <param name="limit">How many shows at most, 1 to <see cref="AllocationLimits.MaxPageSize"/>.</param>
    /// <param name="after">The last show id of the previous page (<see cref="ShowPage.NextAfter"/>), or <see langword="null"/> for the first page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page, and where the next one starts.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="after"/> is not a valid id.</exception>
    Task<ShowPage> ListShowsAsync(int limit, string? after = null, CancellationToken cancellationToken = default);

    /// <summary>Reads every seat of a seated show and whether it is free, held or booked, for drawing a seat map.</summary>
    /// <param name="showId">The show's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>
    /// The seats, in the seat map's order for a show with a map and in ordinal order of ids otherwise;
    /// empty for a general-admission show; <see langword="null"/> when the show does not exist.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="showId"/> is not a valid id.</exception>
    Task<IReadOnlyList<SeatState>?> GetSeatsAsync(string showId, CancellationToken cancellationToken = default);
}
