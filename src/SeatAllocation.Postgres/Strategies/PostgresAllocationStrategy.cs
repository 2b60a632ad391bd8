using Npgsql;
using SeatAllocation.Postgres.Storage;

namespace SeatAllocation.Postgres;

/// <summary>
/// What the PostgreSQL strategies share: shows, availability, confirming, releasing, cancelling and
/// verifying run the same SQL; only taking seats differs. Not meant to be derived from outside this
/// package: use <see cref="PessimisticAllocationStrategy"/> or <see cref="OptimisticAllocationStrategy"/>.
/// </summary>
public abstract class PostgresAllocationStrategy : AllocationStrategy, IAllocationVerifier, IShowSnapshotSource
{
    private readonly PostgresAllocationVerifier _verifier;

    private protected PostgresAllocationStrategy(string name, NpgsqlDataSource dataSource, PostgresAllocationOptions? options, TimeProvider? timeProvider)
        : base(name, timeProvider)
    {
        Store = new PostgresAllocationStore(dataSource, options ?? new PostgresAllocationOptions());
        _verifier = new PostgresAllocationVerifier(Store, TimeProvider);
    }

    private protected PostgresAllocationStore Store { get; }

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
        AllocateAsync("hold", request, duration, cancellationToken);

    /// <inheritdoc />
    protected sealed override Task<AllocationResult> BookCoreAsync(AllocationRequest request, CancellationToken cancellationToken) =>
        AllocateAsync("book", request, null, cancellationToken);

    /// <inheritdoc />
    protected sealed override Task<AllocationResult> ConfirmCoreAsync(AllocationReference hold, CancellationToken cancellationToken) =>
        Store.ConfirmAsync(hold, TimeProvider.GetUtcNow(), cancellationToken);

    /// <inheritdoc />
    protected sealed override Task<ReleaseStatus> ReleaseCoreAsync(AllocationReference hold, CancellationToken cancellationToken) =>
        Store.ReleaseAsync(hold, AllocationKind.Hold, TimeProvider.GetUtcNow(), cancellationToken);

    /// <inheritdoc />
    protected sealed override Task<ReleaseStatus> CancelCoreAsync(AllocationReference booking, CancellationToken cancellationToken) =>
        Store.ReleaseAsync(booking, AllocationKind.Booking, TimeProvider.GetUtcNow(), cancellationToken);

    /// <summary>Takes the seats or units of a request for a show that exists; <paramref name="duration"/> is null for a booking.</summary>
    private protected abstract Task<AllocationResult> AllocateCoreAsync(string operation, ShowShape shape, AllocationRequest request, TimeSpan? duration, CancellationToken cancellationToken);

    private async Task<AllocationResult> AllocateAsync(string operation, AllocationRequest request, TimeSpan? duration, CancellationToken cancellationToken)
    {
        var shape = await Store.GetShapeAsync(request.ShowId, cancellationToken).ConfigureAwait(false);
        if (shape is null)
        {
            return AllocationResult.NotFound();
        }

        if (!shape.Seated && request.IsForSpecificSeats)
        {
            return AllocationResult.Unavailable(request.SeatIds);
        }

        return await AllocateCoreAsync(operation, shape, request, duration, cancellationToken).ConfigureAwait(false);
    }
}
