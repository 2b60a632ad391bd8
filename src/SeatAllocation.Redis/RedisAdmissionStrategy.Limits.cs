using System.Collections.Concurrent;

namespace SeatAllocation.Redis;

/// <summary>Shows with a per-user limit: decided by the inner strategy without the gate.</summary>
public sealed partial class RedisAdmissionStrategy
{
    private const int MaxKnownLimitedShows = 10_000;

    // Shows this process knows to have a per-user limit: created here with one, or refused a request
    // for it. The gate counts places, not users, so one buyer's burst of requests past the limit would
    // take every place Redis has left while PostgreSQL refuses them, and the gate would answer everyone
    // (that buyer included) "sold out" meanwhile. The inner strategy keeps the limit, under the show's
    // lock, and refuses a sold-out show without one; each allocation it makes is still recorded in Redis.
    private readonly ConcurrentDictionary<string, bool> _limitedShows = new(StringComparer.Ordinal);

    private void RememberLimit(ShowDefinition show)
    {
        if (show.MaxSeatsPerUser is not null)
        {
            RememberLimitedShow(show.ShowId);
        }
    }

    /// <summary>Holds or books through the gate, unless the show is known to have a per-user limit.</summary>
    private async Task<AllocationResult> AllocateMindingLimitsAsync(string operation, AllocationRequest request, TimeSpan? duration, CancellationToken cancellationToken)
    {
        if (_limitedShows.ContainsKey(request.ShowId))
        {
            cancellationToken.ThrowIfCancellationRequested();
            return await AllocateWithoutGateAsync(operation, request, duration, cancellationToken).ConfigureAwait(false);
        }

        // A refusal for the limit after an admission is compensated like any refusal, and is not drift:
        // Redis was right about the places, it does not know the rule.
        var result = await AllocateAsync(operation, request, duration, cancellationToken).ConfigureAwait(false);
        if (result.Status == AllocationStatus.PerUserLimitReached)
        {
            RememberLimitedShow(request.ShowId);
        }

        return result;
    }

    private void RememberLimitedShow(string showId)
    {
        if (_limitedShows.Count >= MaxKnownLimitedShows)
        {
            _limitedShows.Clear();
        }

        _limitedShows[showId] = true;
    }
}
