using SeatAllocation;

namespace Acme.Seating.Tests;

/// <summary>
/// Stands in for a third party's own strategy: it derives from <see cref="AllocationStrategy"/> and
/// implements each <c>…CoreAsync</c> method, here by forwarding to the in-memory strategy, so that
/// what this project tests is the package, not a new way to allocate seats.
/// </summary>
public sealed class ForwardingStrategy(TimeProvider timeProvider) : AllocationStrategy("forwarding", timeProvider), IAllocationVerifier, IShowCatalog
{
    private readonly InMemoryAllocationStrategy inner = new(timeProvider);

    protected override Task<CreateShowResult> CreateShowCoreAsync(ShowDefinition show, CancellationToken cancellationToken) =>
        inner.CreateShowAsync(show, cancellationToken);

    protected override Task<ShowAvailability?> GetAvailabilityCoreAsync(string showId, CancellationToken cancellationToken) =>
        inner.GetAvailabilityAsync(showId, cancellationToken);

    protected override Task<AllocationResult> HoldCoreAsync(AllocationRequest request, TimeSpan duration, CancellationToken cancellationToken) =>
        inner.HoldAsync(request, duration, cancellationToken);

    protected override Task<AllocationResult> ConfirmCoreAsync(AllocationReference hold, CancellationToken cancellationToken) =>
        inner.ConfirmAsync(hold, cancellationToken);

    protected override Task<ReleaseStatus> ReleaseCoreAsync(AllocationReference hold, CancellationToken cancellationToken) =>
        inner.ReleaseAsync(hold, cancellationToken);

    protected override Task<AllocationResult> BookCoreAsync(AllocationRequest request, CancellationToken cancellationToken) =>
        inner.BookAsync(request, cancellationToken);

    protected override Task<ReleaseStatus> CancelCoreAsync(AllocationReference booking, CancellationToken cancellationToken) =>
        inner.CancelAsync(booking, cancellationToken);

    protected override Task<AllocationResult> ExtendCoreAsync(AllocationReference hold, TimeSpan extension, CancellationToken cancellationToken) =>
        inner.ExtendAsync(hold, extension, cancellationToken);

    public Task<VerificationReport> VerifyAsync(string? showId = null, CancellationToken cancellationToken = default) =>
        inner.VerifyAsync(showId, cancellationToken);

    public Task<ShowPage> ListShowsAsync(int limit, string? after = null, CancellationToken cancellationToken = default) =>
        inner.ListShowsAsync(limit, after, cancellationToken);

    public Task<IReadOnlyList<SeatState>?> GetSeatsAsync(string showId, CancellationToken cancellationToken = default) =>
        inner.GetSeatsAsync(showId, cancellationToken);
}
