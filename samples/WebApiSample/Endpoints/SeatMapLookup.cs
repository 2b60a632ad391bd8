using Microsoft.Extensions.Caching.Memory;
using SeatAllocation;

namespace WebApiSample.Endpoints;

/// <summary>
/// Knows whether a show has a seat map, so that a plain <c>{"quantity":N}</c> on a seat-map show is
/// a best-available request and a best-available field on any other show a 400.
/// </summary>
/// <remarks>
/// A show's seats never change once it is created, so the answer is remembered per show (up to
/// <see cref="MaxShows"/> shows, the least recently used going first): a quantity request reads the
/// show once per process, not once per request. Unknown shows are not remembered, since they may be
/// created later. The answer comes from the show's availability: every seat of a map has a section.
/// </remarks>
internal sealed class SeatMapLookup(IAllocationStrategy strategy) : IDisposable
{
    /// <summary>How many shows' answers are kept.</summary>
    public const int MaxShows = 100_000;

    private static readonly MemoryCacheEntryOptions Entry = new() { Size = 1 };

    private readonly MemoryCache known = new(new MemoryCacheOptions { SizeLimit = MaxShows });

    /// <summary>Whether the show has a seat map; <see langword="null"/> when there is no such show.</summary>
    /// <exception cref="ArgumentException">The show id is not a valid id.</exception>
    public async Task<bool?> HasSeatMapAsync(string showId, CancellationToken cancellationToken)
    {
        if (known.TryGetValue(showId, out bool hasSeatMap))
        {
            return hasSeatMap;
        }

        var availability = await strategy.GetAvailabilityAsync(showId, cancellationToken).ConfigureAwait(false);
        if (availability is null)
        {
            return null;
        }

        hasSeatMap = availability.Sections.Count > 0;
        known.Set(showId, hasSeatMap, Entry);
        return hasSeatMap;
    }

    /// <summary>Remembers a show this instance just created, so its first quantity request reads nothing.</summary>
    public void Remember(ShowDefinition show) => known.Set(show.ShowId, show.HasSeatMap, Entry);

    public void Dispose() => known.Dispose();
}
