using Npgsql;
using SeatAllocation.Postgres.Batches;
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
public abstract class PostgresAllocationStrategy : AllocationStrategy, IAllocationVerifier, IShowSnapshotSource
{
    private readonly PostgresAllocationVerifier _verifier;

    private protected PostgresAllocationStrategy(string name, NpgsqlDataSource dataSource, PostgresAllocationOptions? options, TimeProvider? timeProvider)
        : base(name, timeProvider)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var settings = (options ?? new PostgresAllocationOptions()).Validated();
        Store = new PostgresAllocationStore(dataSource, settings);
        Runner = new BatchRunner(new ApplyBatchStatement(Store), TimeProvider, name);
        _verifier = new PostgresAllocationVerifier(Store, TimeProvider);
    }

    private protected PostgresAllocationStore Store { get; }

    private protected BatchRunner Runner { get; }

    /// <inheritdoc />
    public Task<VerificationReport> VerifyAsync(string? showId = null, CancellationToken cancellationToken = default) =>
        _verifier.VerifyAsync(showId, cancellationToken);

    /// <inheritdoc />
    public Task<ShowSnapshot?> GetSnapshotAsync(string showId, CancellationToken cancellationToken = default)
    {
        AllocationLimits.ThrowIfInvalidId(showId);
        return Store.GetSnapshotAsync(showId, TimeProvider.GetUtcNow(), cancellationToken);
    }

    /// <inheritdoc />
    protected sealed override Task<CreateShowResult> CreateShowCoreAsync(ShowDefinition show, CancellationToken cancellationToken) =>
        Store.CreateShowAsync(show, cancellationToken);

    /// <inheritdoc />
    protected sealed override Task<ShowAvailability?> GetAvailabilityCoreAsync(string showId, CancellationToken cancellationToken) =>
        Store.GetAvailabilityAsync(showId, TimeProvider.GetUtcNow(), cancellationToken);

    /// <inheritdoc />
    protected sealed override Task<AllocationResult> HoldCoreAsync(AllocationRequest request, TimeSpan duration, CancellationToken cancellationToken) =>
        AllocateAsync(AllocationCommand.Hold(request, duration), cancellationToken);

    /// <inheritdoc />
    protected sealed override Task<AllocationResult> BookCoreAsync(AllocationRequest request, CancellationToken cancellationToken) =>
        AllocateAsync(AllocationCommand.Book(request), cancellationToken);

    /// <inheritdoc />
    protected sealed override async Task<AllocationResult> ConfirmCoreAsync(AllocationReference hold, CancellationToken cancellationToken) =>
        AllocationCommand.For(AllocationOperation.Confirm, hold) is { } command
            ? (await ApplyAsync(command, cancellationToken).ConfigureAwait(false)).ToAllocationResult(command.Operation)
            : AllocationResult.NotFound();

    /// <inheritdoc />
    protected sealed override Task<ReleaseStatus> ReleaseCoreAsync(AllocationReference hold, CancellationToken cancellationToken) =>
        ReleaseAsync(AllocationOperation.Release, hold, cancellationToken);

    /// <inheritdoc />
    protected sealed override Task<ReleaseStatus> CancelCoreAsync(AllocationReference booking, CancellationToken cancellationToken) =>
        ReleaseAsync(AllocationOperation.Cancel, booking, cancellationToken);

    /// <summary>Holds or books; by default through <see cref="ApplyAsync"/>.</summary>
    private protected virtual async Task<AllocationResult> AllocateAsync(AllocationCommand command, CancellationToken cancellationToken) =>
        (await ApplyAsync(command, cancellationToken).ConfigureAwait(false)).ToAllocationResult(command.Operation);

    /// <summary>Decides one command server-side; by default alone, in one round trip.</summary>
    private protected virtual Task<BatchAnswer> ApplyAsync(AllocationCommand command, CancellationToken cancellationToken) =>
        Runner.ApplyOneAsync(command, cancellationToken);

    private async Task<ReleaseStatus> ReleaseAsync(AllocationOperation operation, AllocationReference reference, CancellationToken cancellationToken) =>
        AllocationCommand.For(operation, reference) is { } command
            ? (await ApplyAsync(command, cancellationToken).ConfigureAwait(false)).ToReleaseStatus()
            : ReleaseStatus.NotFound;
}
