using Npgsql;
using SeatAllocation.Postgres.Batches;
using SeatAllocation.Postgres.Resilience;
using SeatAllocation.Postgres.Storage;

namespace SeatAllocation.Postgres;

/// <summary>
/// What the PostgreSQL strategies share: shows, availability, snapshots and verifying; and
/// confirming, releasing and cancelling, which every one of them decides server-side in one round
/// trip through the <c>apply_batch</c> function. They differ in how requests reach that function
/// (alone, or in batches) and, for the optimistic strategy, in how seats are taken. Not meant to be
/// derived from outside this package: use <see cref="PessimisticAllocationStrategy"/>,
/// <see cref="OptimisticAllocationStrategy"/> or <see cref="GroupCommitAllocationStrategy"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Failures.</b> A transient database failure (a dropped or terminated connection, a timeout, an
/// exhausted pool, a server shutting down) is repeated inside the call up to
/// <see cref="PostgresAllocationOptions.TransientRetries"/> times with jittered exponential delays. Every
/// repeat is safe: a hold or booking carries its request id, confirm, release and cancel their
/// allocation id, and a repeat of a call that committed is answered from what it committed (as the
/// original answer, not a replay). When the repeats run out, the call throws
/// <see cref="AllocationOutcomeUnknownException"/>: replay it with the same id. Creating a show is not
/// repeated (a repeat would answer <see cref="CreateShowResult.AlreadyExists"/>), but fails the same way.
/// </para>
/// <para>
/// <b>Seat maps.</b> A show created with a seat map (<see cref="ShowDefinition.HasSeatMap"/>) keeps
/// each seat's section, row, position, category, accessibility and rank (table <c>seat_places</c>).
/// Best-available requests (<see cref="AllocationRequest.IsBestAvailable"/>) are decided by
/// <c>apply_batch</c> under the show row's lock, one after the other, so buyers who race for the best
/// block each get a different one. Every strategy therefore queues them per show in the process and
/// sends them in batches, as <see cref="GroupCommitAllocationStrategy"/> sends every request (up to
/// <see cref="GroupCommitOptions.MaxBatchSize"/>'s default; alone when the show is idle). Before each
/// batch one read of the show's map and free seats lets <see cref="BestAvailableChooser"/> propose
/// seats for its requests in order, with the same preferences as <see cref="InMemoryAllocationStrategy"/>;
/// <c>apply_batch</c> takes a proposal whose seats are still free. A proposal overtaken since the read
/// (another app instance's batch took one of its seats) is proposed again, with the requests after it,
/// from a read under the show's lock; only a seat locked outside that lock makes <c>apply_batch</c>
/// choose set-based, with the same preferences, from the state the batch has reached. Both the read
/// and that choice cover the show's whole map, so their cost grows with the size of the map.
/// </para>
/// <para>
/// <b>Limits.</b> A show's <see cref="ShowDefinition.MaxSeatsPerUser"/> is kept by <c>apply_batch</c>
/// under the show row's lock: every hold or booking of a show with a limit is decided there, one after
/// the other (as a best-available request is), against the user's live holds and bookings, so one
/// user's concurrent requests cannot pass it together. Shows without a limit pay nothing for it.
/// <see cref="AllocationStrategy.ExtendAsync"/> moves a live hold's expiry, and its seats', within
/// the show's <see cref="ShowDefinition.MaxHoldLifetime"/>.
/// </para>
/// </remarks>
public abstract class PostgresAllocationStrategy : AllocationStrategy, IAllocationVerifier, IShowSnapshotSource, IShowCatalog
{
    private readonly PostgresAllocationVerifier _verifier;

    // Best-available requests are decided one after the other under the show's row lock anyway, so
    // each strategy queues them per show and decides them in batches (see the remarks on seat maps).
    private readonly GroupCommitQueue _bestAvailable;

    private protected PostgresAllocationStrategy(string name, NpgsqlDataSource dataSource, PostgresAllocationOptions? options, TimeProvider? timeProvider)
        : base(name, timeProvider)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var settings = (options ?? new PostgresAllocationOptions()).Validated();
        Store = new PostgresAllocationStore(dataSource, settings);
        Retry = new TransientRetry(settings, name);
        var statement = new ApplyBatchStatement(Store);
        var seatProposals = new SeatProposals(Store);
        Runner = new BatchRunner(statement, seatProposals, new LockedBatch(Store, statement, seatProposals), Retry, TimeProvider, name);
        _verifier = new PostgresAllocationVerifier(Store, TimeProvider);
        _bestAvailable = new GroupCommitQueue(Runner, new GroupCommitOptions().MaxBatchSize);
    }

    private protected PostgresAllocationStore Store { get; }

    private protected BatchRunner Runner { get; }

    /// <summary>Repeats calls after transient failures; see the remarks on failures.</summary>
    private protected TransientRetry Retry { get; }

    /// <inheritdoc />
    public Task<VerificationReport> VerifyAsync(string? showId = null, CancellationToken cancellationToken = default) =>
        Retry.RunAsync(token => _verifier.VerifyAsync(showId, token), "verify", cancellationToken);

    /// <inheritdoc />
    public Task<ShowSnapshot?> GetSnapshotAsync(string showId, CancellationToken cancellationToken = default)
    {
        AllocationLimits.ThrowIfInvalidId(showId);
        return Retry.RunAsync(token => Store.GetSnapshotAsync(showId, TimeProvider.GetUtcNow(), token), $"snapshot of show '{showId}'", cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>In the order of the shows table's primary key (the database's collation of show ids).</remarks>
    public Task<ShowPage> ListShowsAsync(int limit, string? after = null, CancellationToken cancellationToken = default)
    {
        AllocationLimits.ThrowIfInvalidPageSize(limit);
        if (after is not null)
        {
            AllocationLimits.ThrowIfInvalidId(after);
        }

        return Retry.RunAsync(token => Store.ListShowsAsync(limit, after, TimeProvider.GetUtcNow(), token), "listing shows", cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One statement. A map's seats come in the map's order as stored: rows in the order they first
    /// appear in the map, then by position (the order the seats were given, when each row's seats were
    /// given together and from its first position); plain seat ids in ordinal order.
    /// </remarks>
    public Task<IReadOnlyList<SeatState>?> GetSeatsAsync(string showId, CancellationToken cancellationToken = default)
    {
        AllocationLimits.ThrowIfInvalidId(showId);
        return Retry.RunAsync(token => Store.GetSeatsAsync(showId, TimeProvider.GetUtcNow(), token), $"seats of show '{showId}'", cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>The show's <see cref="ShowDefinition.MaxSeatsPerUser"/> and <see cref="ShowDefinition.MaxHoldLifetime"/> are stored with it and enforced by <c>apply_batch</c>.</remarks>
    protected sealed override Task<CreateShowResult> CreateShowCoreAsync(ShowDefinition show, CancellationToken cancellationToken) =>
        Retry.RunOnceAsync(token => Store.CreateShowAsync(show, token), $"creating show '{show.ShowId}'", cancellationToken);

    /// <inheritdoc />
    protected sealed override Task<ShowAvailability?> GetAvailabilityCoreAsync(string showId, CancellationToken cancellationToken) =>
        Retry.RunAsync(token => Store.GetAvailabilityAsync(showId, TimeProvider.GetUtcNow(), token), $"availability of show '{showId}'", cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The request is a best-available request and the show has no seat map.</exception>
    protected sealed override Task<AllocationResult> HoldCoreAsync(AllocationRequest request, TimeSpan duration, CancellationToken cancellationToken) =>
        AllocateAsync(AllocationCommand.Hold(request, duration), cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The request is a best-available request and the show has no seat map.</exception>
    protected sealed override Task<AllocationResult> BookCoreAsync(AllocationRequest request, CancellationToken cancellationToken) =>
        AllocateAsync(AllocationCommand.Book(request), cancellationToken);

    /// <inheritdoc />
    protected sealed override async Task<AllocationResult> ConfirmCoreAsync(AllocationReference hold, CancellationToken cancellationToken) =>
        AllocationCommand.For(AllocationOperation.Confirm, hold) is { } command
            ? (await ApplyAsync(command, cancellationToken).ConfigureAwait(false)).ToAllocationResult(command)
            : AllocationResult.NotFound();

    /// <inheritdoc />
    /// <remarks>
    /// Decided by <c>apply_batch</c> like a confirmation (the hold's row locked, then its seats, whose
    /// expiry moves with it), so it is batched by <see cref="GroupCommitAllocationStrategy"/> and
    /// answers <see cref="AllocationStatus.Contended"/> when a lock wait times out. An extension is not
    /// idempotent: if the database fails transiently after it committed, the repeat inside the call
    /// (see the remarks on failures) extends the hold again, never past the show's cap.
    /// </remarks>
    protected sealed override async Task<AllocationResult> ExtendCoreAsync(AllocationReference hold, TimeSpan extension, CancellationToken cancellationToken) =>
        AllocationCommand.Extend(hold, extension) is { } command
            ? (await ApplyAsync(command, cancellationToken).ConfigureAwait(false)).ToAllocationResult(command)
            : AllocationResult.NotFound();

    /// <inheritdoc />
    protected sealed override Task<ReleaseStatus> ReleaseCoreAsync(AllocationReference hold, CancellationToken cancellationToken) =>
        ReleaseAsync(AllocationOperation.Release, hold, cancellationToken);

    /// <inheritdoc />
    protected sealed override Task<ReleaseStatus> CancelCoreAsync(AllocationReference booking, CancellationToken cancellationToken) =>
        ReleaseAsync(AllocationOperation.Cancel, booking, cancellationToken);

    /// <summary>Holds or books; by default through <see cref="ApplyAsync"/>.</summary>
    private protected virtual async Task<AllocationResult> AllocateAsync(AllocationCommand command, CancellationToken cancellationToken) =>
        (await ApplyAsync(command, cancellationToken).ConfigureAwait(false)).ToAllocationResult(command);

    /// <summary>Decides one command server-side; by default alone, in one round trip, or a best-available request in its show's queue.</summary>
    private protected virtual Task<BatchAnswer> ApplyAsync(AllocationCommand command, CancellationToken cancellationToken) =>
        command.Request is { IsBestAvailable: true }
            ? _bestAvailable.EnqueueAsync(command, cancellationToken)
            : Runner.ApplyOneAsync(command, cancellationToken);

    private async Task<ReleaseStatus> ReleaseAsync(AllocationOperation operation, AllocationReference reference, CancellationToken cancellationToken) =>
        AllocationCommand.For(operation, reference) is { } command
            ? (await ApplyAsync(command, cancellationToken).ConfigureAwait(false)).ToReleaseStatus()
            : ReleaseStatus.NotFound;
}
