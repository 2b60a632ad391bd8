using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SeatAllocation.Redis.Admission;
using SeatAllocation.Redis.Telemetry;
using StackExchange.Redis;

namespace SeatAllocation.Redis;

/// <summary>
/// Redis admission control in front of a PostgreSQL strategy. A Lua script admits a hold or booking
/// only when it can still succeed — a per-show remaining counter for quantity requests, per-seat TTL
/// leases for named seats and for the seats it chooses on seated shows, all seats or none — and rejects
/// the rest without touching PostgreSQL.
/// Admitted requests commit through the inner strategy, which stays the source of truth.
/// </summary>
/// <remarks>
/// <para>
/// <b>Compensation.</b> When the inner strategy rejects, fails or is cancelled after an admission,
/// the admission is given back at once; if even that fails, Redis gives it back by itself after
/// <see cref="RedisAdmissionOptions.AdmissionTimeout"/>.
/// </para>
/// <para>
/// <b>Reconciliation</b> (a rebuild of one show's Redis state from <see cref="IShowSnapshotSource.GetSnapshotAsync"/>)
/// happens: when the state is missing (first use of a show, Redis restarted or flushed); when
/// PostgreSQL rejects a request Redis admitted (drift: at most once per
/// <see cref="RedisAdmissionOptions.DriftRepairCooldown"/>); on the show's next admission after this
/// process failed to update Redis (a release, cancel, confirm, commit or compensation that failed,
/// or an admission whose reply was lost); on the first request after
/// <see cref="RedisAdmissionOptions.ReconcileInterval"/> (drift that only causes extra rejections);
/// and when <see cref="ReconcileAsync"/> is called.
/// </para>
/// <para>
/// <b>Redis failures</b> (unreachable, or slower than <see cref="RedisAdmissionOptions.OperationTimeout"/>):
/// new holds and bookings follow <see cref="RedisAdmissionOptions.FailurePolicy"/>; confirm, release
/// and cancel always go ahead in PostgreSQL and leave Redis to the next reconciliation. Neither can
/// overbook or lose a booking.
/// </para>
/// <para>Replays of a request id Redis has seen go straight to the inner strategy, which answers them.</para>
/// <para>
/// <b>Limits.</b> <see cref="ShowDefinition.MaxSeatsPerUser"/> and <see cref="AllocationStrategy.ExtendAsync"/> are left to
/// the inner strategy. The gate counts places, not users, so holds and bookings of a show with a
/// per-user limit skip it (the admission script answers "bypass" for a show whose snapshot had a
/// limit, in every process): one buyer's burst past the limit would otherwise take every place the
/// gate has left and have everyone told "sold out" while PostgreSQL refuses that buyer.
/// </para>
/// <para>
/// <b>Seated shows: Redis chooses the seats.</b> For a quantity request on a seated show the admission
/// script takes the first free seats in ordinal order, and for a best-available request
/// (<see cref="AllocationRequest.BestAvailable"/>) on a show with a seat map it chooses them exactly as
/// <see cref="InMemoryAllocationStrategy"/> does (the block that strands no single seat, then the best
/// ranks, then the first row and position; split only when allowed), from the map the rebuild loaded
/// from <see cref="ShowSnapshot.SeatMap"/>. Free means no live lease, hold, booking or admission in
/// Redis. It leases the seats in the same step, so racing buyers get different seats, and the inner
/// strategy is sent them as named seats under the request's own fingerprint
/// (<see cref="AllocationRequest.WithChosenSeats"/>): a replay of the request returns the seats chosen
/// first, and <see cref="Allocation.Together"/> is kept (PostgreSQL records it for the seats, so a replay has it too). A buyer is told
/// "sold out" only when Redis sees too few free seats. When PostgreSQL refuses the seats Redis chose
/// (Redis drifted), the show is rebuilt and the inner strategy answers the request itself.
/// </para>
/// <para>
/// <b>PostgreSQL failures.</b> When the inner strategy throws after an admission (for a PostgreSQL
/// strategy: <see cref="AllocationOutcomeUnknownException"/>, once its own retries ran out), the
/// admission is given back and the exception reaches the caller unchanged, so the caller replays with
/// the same request id. If the first call did commit, the replay is admitted afresh and answered as a
/// replay by PostgreSQL; the gate then rebuilds the show from PostgreSQL (as for drift), so Redis counts
/// the allocation again.
/// </para>
/// </remarks>
public sealed partial class RedisAdmissionStrategy : AllocationStrategy, IAllocationVerifier, IShowSnapshotSource, IShowCatalog
{
    /// <summary>The strategy's <see cref="AllocationStrategy.Name"/>.</summary>
    public const string StrategyName = "redis-admission";

    private readonly AdmissionGate _gate;
    private readonly IShowSnapshotSource _snapshots;
    private readonly IAllocationVerifier _verifier;
    private readonly ILogger _logger;

    /// <summary>Puts a Redis admission gate in front of <paramref name="inner"/>.</summary>
    /// <param name="inner">
    /// The strategy that decides and stores allocations, usually a PostgreSQL strategy; it must
    /// implement <see cref="IShowSnapshotSource"/> and <see cref="IAllocationVerifier"/>.
    /// </param>
    /// <param name="redis">The Redis database (a key prefix set on it composes with <see cref="RedisAdmissionOptions.KeyPrefix"/>).</param>
    /// <param name="options">Settings; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; must be the inner strategy's clock. <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">Logs rebuilds and Redis failures.</param>
    /// <exception cref="ArgumentException"><paramref name="inner"/> cannot snapshot or verify shows, or <paramref name="options"/> is invalid (the message names the field).</exception>
    public RedisAdmissionStrategy(IAllocationStrategy inner, IDatabaseAsync redis, RedisAdmissionOptions? options = null, TimeProvider? timeProvider = null, ILogger<RedisAdmissionStrategy>? logger = null)
        : base(StrategyName, timeProvider)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(redis);
        _snapshots = inner as IShowSnapshotSource
            ?? throw new ArgumentException($"{nameof(inner)} must implement {nameof(IShowSnapshotSource)} (the PostgreSQL strategies do), so Redis can be rebuilt from it.", nameof(inner));
        _verifier = inner as IAllocationVerifier
            ?? throw new ArgumentException($"{nameof(inner)} must implement {nameof(IAllocationVerifier)} (the PostgreSQL strategies do).", nameof(inner));
        Inner = inner;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _gate = new AdmissionGate(redis, _snapshots, (options ?? new RedisAdmissionOptions()).Validated(), TimeProvider, _logger);
        Leases = new RedisSeatLeases(_gate, TimeProvider);
    }

    /// <summary>Gets the strategy that decides and stores allocations.</summary>
    public IAllocationStrategy Inner { get; }

    /// <summary>Gets the seat leases that share this gate's keys: a lease blocks other buyers' requests for its seats.</summary>
    public RedisSeatLeases Leases { get; }

    /// <summary>
    /// Rebuilds one show's Redis state from the inner strategy now, whatever it holds. A commit or
    /// release racing with the read makes it try again (three times at most, then the next trigger does it).
    /// </summary>
    /// <param name="showId">The show.</param>
    /// <param name="cancellationToken">Cancels the rebuild.</param>
    /// <returns><see langword="false"/> when the inner strategy has no such show.</returns>
    /// <exception cref="ArgumentException"><paramref name="showId"/> is not a valid id.</exception>
    public Task<bool> ReconcileAsync(string showId, CancellationToken cancellationToken = default)
    {
        AllocationLimits.ThrowIfInvalidId(showId);
        return _gate.RebuildAsync(showId, "manual", onlyIfMissing: false, cancellationToken);
    }

    /// <inheritdoc />
    public Task<VerificationReport> VerifyAsync(string? showId = null, CancellationToken cancellationToken = default) =>
        _verifier.VerifyAsync(showId, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Read from the inner strategy, which is the truth.</remarks>
    /// <exception cref="InvalidOperationException">The inner strategy does not implement <see cref="IShowCatalog"/> (the PostgreSQL strategies do).</exception>
    public Task<ShowPage> ListShowsAsync(int limit, string? after = null, CancellationToken cancellationToken = default) =>
        Inner is IShowCatalog catalog
            ? catalog.ListShowsAsync(limit, after, cancellationToken)
            : throw new InvalidOperationException($"The inner strategy {Inner.Name} does not implement {nameof(IShowCatalog)}, so shows cannot be listed.");

    /// <inheritdoc />
    /// <remarks>Read from the inner strategy, which is the truth.</remarks>
    /// <exception cref="InvalidOperationException">The inner strategy does not implement <see cref="IShowCatalog"/> (the PostgreSQL strategies do).</exception>
    public Task<IReadOnlyList<SeatState>?> GetSeatsAsync(string showId, CancellationToken cancellationToken = default) =>
        Inner is IShowCatalog catalog
            ? catalog.GetSeatsAsync(showId, cancellationToken)
            : throw new InvalidOperationException($"The inner strategy {Inner.Name} does not implement {nameof(IShowCatalog)}, so seats cannot be listed.");

    /// <inheritdoc />
    public Task<ShowSnapshot?> GetSnapshotAsync(string showId, CancellationToken cancellationToken = default) =>
        _snapshots.GetSnapshotAsync(showId, cancellationToken);

    /// <inheritdoc />
    protected override async Task<CreateShowResult> CreateShowCoreAsync(ShowDefinition show, CancellationToken cancellationToken)
    {
        var result = await Inner.CreateShowAsync(show, cancellationToken).ConfigureAwait(false);
        await BestEffortAsync("create_show", show.ShowId, () => _gate.RebuildAsync(show.ShowId, "created", onlyIfMissing: true, CancellationToken.None)).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    protected override Task<ShowAvailability?> GetAvailabilityCoreAsync(string showId, CancellationToken cancellationToken) =>
        Inner.GetAvailabilityAsync(showId, cancellationToken);

    /// <inheritdoc />
    protected override Task<AllocationResult> HoldCoreAsync(AllocationRequest request, TimeSpan duration, CancellationToken cancellationToken) =>
        AllocateAsync("hold", request, duration, cancellationToken);

    /// <inheritdoc />
    protected override Task<AllocationResult> BookCoreAsync(AllocationRequest request, CancellationToken cancellationToken) =>
        AllocateAsync("book", request, null, cancellationToken);

    /// <inheritdoc />
    protected override async Task<AllocationResult> ConfirmCoreAsync(AllocationReference hold, CancellationToken cancellationToken)
    {
        var result = await Inner.ConfirmAsync(hold, cancellationToken).ConfigureAwait(false);
        if (result.Allocation is { } booking)
        {
            await BestEffortAsync("confirm", booking.ShowId, () => _gate.CommitAsync(booking, null, null, CancellationToken.None)).ConfigureAwait(false);
        }

        return result;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Decided by the inner strategy; Redis then moves the hold's expiry and its seats' leases to the
    /// new time (as for a confirmation), so it does not free them at the old one.
    /// </remarks>
    protected override async Task<AllocationResult> ExtendCoreAsync(AllocationReference hold, TimeSpan extension, CancellationToken cancellationToken)
    {
        var result = await Inner.ExtendAsync(hold, extension, cancellationToken).ConfigureAwait(false);
        if (result.Allocation is { } extended)
        {
            await BestEffortAsync("extend", extended.ShowId, () => _gate.CommitAsync(extended, null, null, CancellationToken.None)).ConfigureAwait(false);
        }

        return result;
    }

    /// <inheritdoc />
    protected override async Task<ReleaseStatus> ReleaseCoreAsync(AllocationReference hold, CancellationToken cancellationToken)
    {
        var status = await Inner.ReleaseAsync(hold, cancellationToken).ConfigureAwait(false);
        if (status == ReleaseStatus.Released)
        {
            await BestEffortAsync("release", hold.ShowId, () => _gate.ReleaseAsync(hold.ShowId, hold.AllocationId, null, CancellationToken.None)).ConfigureAwait(false);
        }

        return status;
    }

    /// <inheritdoc />
    protected override async Task<ReleaseStatus> CancelCoreAsync(AllocationReference booking, CancellationToken cancellationToken)
    {
        var status = await Inner.CancelAsync(booking, cancellationToken).ConfigureAwait(false);
        if (status == ReleaseStatus.Released)
        {
            await BestEffortAsync("cancel", booking.ShowId, () => _gate.ReleaseAsync(booking.ShowId, booking.AllocationId, null, CancellationToken.None)).ConfigureAwait(false);
        }

        return status;
    }

    private async Task<AllocationResult> AllocateAsync(string operation, AllocationRequest request, TimeSpan? duration, CancellationToken cancellationToken)
    {
        // A call cancelled before it starts decides nothing. The gate's Redis calls observe the token
        // through Task.WaitAsync, which hands back a task that already completed without looking at it.
        cancellationToken.ThrowIfCancellationRequested();

        GateDecision decision;
        try
        {
            decision = await _gate.AdmitAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AdmissionGate.IsRedisFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            // The script may still have run (a timeout, a lost reply): an admission nobody commits or
            // gives back would hold its seats until AdmissionTimeout, so the next admission rebuilds.
            _gate.MarkUnrecorded(request.ShowId);
            var policy = _gate.Options.FailurePolicy;
            RecordFallback(operation, ex, policy == RedisFailurePolicy.FailOpen ? "fail_open" : "fail_closed");
            return policy == RedisFailurePolicy.FailOpen
                ? await AllocateWithoutGateAsync(operation, request, duration, cancellationToken).ConfigureAwait(false)
                : AllocationResult.Contended();
        }

        switch (decision.Kind)
        {
            case GateDecisionKind.Taken:
                return AllocationResult.Unavailable(decision.TakenSeatIds!);
            case GateDecisionKind.SoldOut:
                return AllocationResult.NotEnoughAvailable();
            case GateDecisionKind.NotEnoughTogether:
                return AllocationResult.NotEnoughTogether();
            case GateDecisionKind.KnownRequest:
            case GateDecisionKind.Bypass:
                return await AllocateWithoutGateAsync(operation, request, duration, cancellationToken).ConfigureAwait(false);
        }

        var token = decision.Token!;
        // Seats Redis chose go to PostgreSQL as named seats under the request's own fingerprint, so
        // PostgreSQL takes exactly those, and a replay of the request is still a replay of it.
        var sent = decision.ChosenSeatIds is { } chosen ? request.WithChosenSeats(chosen) : request;
        AllocationResult result;
        try
        {
            result = await InnerAllocateAsync(sent, duration, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await BestEffortAsync(operation, request.ShowId, () => _gate.ReleaseAsync(request.ShowId, token, request.RequestId, CancellationToken.None)).ConfigureAwait(false);
            throw;
        }

        if (result.Succeeded && !result.IsReplay)
        {
            await BestEffortAsync(operation, request.ShowId, () => _gate.CommitAsync(result.Allocation!, token, request.RequestId, CancellationToken.None)).ConfigureAwait(false);
            return request.IsBestAvailable ? AllocationResult.Allocated(result.Allocation! with { Together = decision.Together }) : result;
        }

        await BestEffortAsync(operation, request.ShowId, () => _gate.ReleaseAsync(request.ShowId, token, request.RequestId, CancellationToken.None)).ConfigureAwait(false);
        if (result.Status == AllocationStatus.Unavailable || result.IsReplay)
        {
            // Unavailable: Redis believed the seats free and PostgreSQL knows better. A replay Redis
            // admitted: Redis did not know the request id, so it may lack the allocation too (the
            // first call's outcome was unknown and its admission was given back, or Redis lost it).
            // Either way Redis has drifted, and the rebuild reads what PostgreSQL committed.
            await BestEffortAsync(operation, request.ShowId, () => _gate.RepairDriftAsync(request.ShowId, CancellationToken.None)).ConfigureAwait(false);
        }

        if (result.Status == AllocationStatus.Unavailable && decision.ChosenSeatIds is not null)
        {
            // PostgreSQL refused seats Redis chose: that says Redis was wrong about those seats, not
            // that the house is full. PostgreSQL answers the request itself (it places or chooses
            // the seats), so a buyer is not told "sold out" while seats are free.
            return await AllocateWithoutGateAsync(operation, request, duration, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Lets the inner strategy decide alone, then records a new allocation in Redis if it can.</summary>
    private async Task<AllocationResult> AllocateWithoutGateAsync(string operation, AllocationRequest request, TimeSpan? duration, CancellationToken cancellationToken)
    {
        var result = await InnerAllocateAsync(request, duration, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded && !result.IsReplay)
        {
            await BestEffortAsync(operation, request.ShowId, () => _gate.CommitAsync(result.Allocation!, null, request.RequestId, CancellationToken.None)).ConfigureAwait(false);
        }

        return result;
    }

    private Task<AllocationResult> InnerAllocateAsync(AllocationRequest request, TimeSpan? duration, CancellationToken cancellationToken) =>
        duration is { } holdFor ? Inner.HoldAsync(request, holdFor, cancellationToken) : Inner.BookAsync(request, cancellationToken);

    /// <summary>
    /// Runs a Redis step whose failure must not change the caller's answer, because PostgreSQL has
    /// already decided: the gap it leaves is closed by admission expiry or the next reconciliation.
    /// Such steps run uncancellable (bounded by the operation timeout), so a caller who cancels after
    /// PostgreSQL committed still learns what was committed.
    /// </summary>
    private async Task BestEffortAsync(string operation, string showId, Func<Task> step)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (Exception ex) when (AdmissionGate.IsRedisFailure(ex) || ex is AllocationOutcomeUnknownException)
        {
            // An AllocationOutcomeUnknownException here is PostgreSQL failing to give a rebuild its
            // snapshot: the answer it already gave stands. Either way Redis may now count seats that
            // are free as taken, so the show's next admission here rebuilds it.
            _gate.MarkUnrecorded(showId);
            RecordFallback(operation, ex, "skipped_redis_update");
        }
    }

    private void RecordFallback(string operation, Exception exception, string outcome)
    {
        RedisInstruments.Fallbacks.Add(1, new(RedisInstruments.OperationTag, operation), new(RedisInstruments.OutcomeTag, outcome));
        LogRedisFailure(exception, operation, outcome);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis failed during {Operation}; went on with {Outcome}. PostgreSQL still decides every allocation.")]
    private partial void LogRedisFailure(Exception exception, string operation, string outcome);
}
