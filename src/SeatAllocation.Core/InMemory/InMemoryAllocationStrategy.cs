using System.Collections.Concurrent;
using SeatAllocation.InMemory;

namespace SeatAllocation;

/// <summary>
/// An exact, thread-safe, process-local strategy: the embedded default for single-process
/// applications and the reference model the other strategies are tested against.
/// </summary>
/// <remarks>
/// Each show has its own lock, so shows never contend with each other. State lives only in this
/// instance: use a PostgreSQL strategy when several processes sell the same shows or bookings must
/// survive a restart.
/// </remarks>
public sealed class InMemoryAllocationStrategy : AllocationStrategy, IAllocationVerifier, IShowCatalog
{
    /// <summary>The strategy's name in telemetry.</summary>
    public const string StrategyName = "in-memory";

    private readonly ConcurrentDictionary<string, InMemoryShow> _shows = new(StringComparer.Ordinal);

    // The request id of every show created with one, and that show's fingerprint. Written only under
    // _showCreation, with the show itself, so a request id and its show are recorded together.
    private readonly Dictionary<string, string> _showRequests = new(StringComparer.Ordinal);
    private readonly Lock _showCreation = new();

    /// <summary>Creates an empty in-memory inventory.</summary>
    /// <param name="timeProvider">The clock that decides when holds expire; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public InMemoryAllocationStrategy(TimeProvider? timeProvider = null)
        : base(StrategyName, timeProvider)
    {
    }

    /// <inheritdoc />
    public Task<VerificationReport> VerifyAsync(string? showId = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = TimeProvider.GetUtcNow();
        var shows = showId is null ? [.. _shows.Values] : _shows.TryGetValue(showId, out var one) ? [one] : Array.Empty<InMemoryShow>();
        var violations = shows.SelectMany(show => show.Verify(now)).ToList();
        return Task.FromResult(new VerificationReport(shows.Length, violations));
    }

    /// <inheritdoc />
    /// <remarks>In ordinal order of show ids.</remarks>
    public Task<ShowPage> ListShowsAsync(int limit, string? after = null, CancellationToken cancellationToken = default)
    {
        AllocationLimits.ThrowIfInvalidPageSize(limit);
        if (after is not null)
        {
            AllocationLimits.ThrowIfInvalidId(after);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var now = TimeProvider.GetUtcNow();
        var shows = _shows
            .Where(show => after is null || string.CompareOrdinal(show.Key, after) > 0)
            .OrderBy(show => show.Key, StringComparer.Ordinal)
            .Take(limit + 1)
            .Select(show => show.Value.Snapshot(now))
            .ToList();
        return Task.FromResult(ShowPage.FromLookahead(shows, limit));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SeatState>?> GetSeatsAsync(string showId, CancellationToken cancellationToken = default)
    {
        AllocationLimits.ThrowIfInvalidId(showId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_shows.TryGetValue(showId, out var show) ? show.Seats(TimeProvider.GetUtcNow()) : null);
    }

    /// <inheritdoc />
    protected override Task<CreateShowResult> CreateShowCoreAsync(ShowDefinition show, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (show.RequestId is null)
        {
            return Task.FromResult(_shows.TryAdd(show.ShowId, new InMemoryShow(show)) ? CreateShowResult.Created : CreateShowResult.AlreadyExists);
        }

        // One lock for every creation with a request id: "has this id created a show?" and "create it"
        // must be one step, and creating shows is rare enough not to need anything finer.
        lock (_showCreation)
        {
            if (_showRequests.TryGetValue(show.RequestId, out var fingerprint))
            {
                return Task.FromResult(fingerprint == show.Fingerprint ? CreateShowResult.Replayed : CreateShowResult.IdempotencyKeyReused);
            }

            if (!_shows.TryAdd(show.ShowId, new InMemoryShow(show)))
            {
                return Task.FromResult(CreateShowResult.AlreadyExists);
            }

            _showRequests.Add(show.RequestId, show.Fingerprint);
            return Task.FromResult(CreateShowResult.Created);
        }
    }

    /// <inheritdoc />
    protected override Task<ShowAvailability?> GetAvailabilityCoreAsync(string showId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_shows.TryGetValue(showId, out var show) ? show.Snapshot(TimeProvider.GetUtcNow()) : null);
    }

    /// <inheritdoc />
    protected override Task<AllocationResult> HoldCoreAsync(AllocationRequest request, TimeSpan duration, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = TimeProvider.GetUtcNow();
        return Task.FromResult(_shows.TryGetValue(request.ShowId, out var show)
            ? show.Allocate(request, request.FingerprintFor(AllocationKind.Hold), now, now + duration)
            : AllocationResult.NotFound());
    }

    /// <inheritdoc />
    protected override Task<AllocationResult> BookCoreAsync(AllocationRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_shows.TryGetValue(request.ShowId, out var show)
            ? show.Allocate(request, request.FingerprintFor(AllocationKind.Booking), TimeProvider.GetUtcNow(), expiresAt: null)
            : AllocationResult.NotFound());
    }

    /// <inheritdoc />
    protected override Task<AllocationResult> ConfirmCoreAsync(AllocationReference hold, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_shows.TryGetValue(hold.ShowId, out var show)
            ? show.Confirm(hold, TimeProvider.GetUtcNow())
            : AllocationResult.NotFound());
    }

    /// <inheritdoc />
    protected override Task<AllocationResult> ExtendCoreAsync(AllocationReference hold, TimeSpan extension, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_shows.TryGetValue(hold.ShowId, out var show)
            ? show.Extend(hold, extension, TimeProvider.GetUtcNow())
            : AllocationResult.NotFound());
    }

    /// <inheritdoc />
    protected override Task<ReleaseStatus> ReleaseCoreAsync(AllocationReference hold, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_shows.TryGetValue(hold.ShowId, out var show)
            ? show.Release(hold, AllocationKind.Hold, TimeProvider.GetUtcNow())
            : ReleaseStatus.NotFound);
    }

    /// <inheritdoc />
    protected override Task<ReleaseStatus> CancelCoreAsync(AllocationReference booking, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_shows.TryGetValue(booking.ShowId, out var show)
            ? show.Release(booking, AllocationKind.Booking, TimeProvider.GetUtcNow())
            : ReleaseStatus.NotFound);
    }
}
