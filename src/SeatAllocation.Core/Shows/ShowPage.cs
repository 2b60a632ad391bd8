namespace SeatAllocation;

/// <summary>One page of <see cref="IShowCatalog.ListShowsAsync"/>.</summary>
/// <param name="Shows">The shows, in the store's order of show ids.</param>
/// <param name="NextAfter">The id to pass as <c>after</c> for the next page; <see langword="null"/> when this page is the last.</param>
public sealed record ShowPage(IReadOnlyList<ShowAvailability> Shows, string? NextAfter)
{
    /// <summary>Makes a page from up to <paramref name="limit"/> + 1 shows read in order: the extra one only says that more follow.</summary>
    /// <param name="shows">The shows read, at most one more than <paramref name="limit"/>.</param>
    /// <param name="limit">The page size asked for.</param>
    /// <returns>The page.</returns>
    public static ShowPage FromLookahead(IReadOnlyList<ShowAvailability> shows, int limit)
    {
        ArgumentNullException.ThrowIfNull(shows);
        return shows.Count > limit
            ? new ShowPage([.. shows.Take(limit)], shows[limit - 1].ShowId)
            : new ShowPage(shows, null);
    }
}
