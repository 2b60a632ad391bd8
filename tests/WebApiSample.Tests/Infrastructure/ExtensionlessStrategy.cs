using SeatAllocation;

namespace WebApiSample.Tests.Infrastructure;

/// <summary>
/// A strategy of a user's own that does not support hold extension: it throws
/// <see cref="NotSupportedException"/> for <c>ExtendAsync</c> before changing anything, and is the
/// in-memory strategy for everything else. No built-in strategy throws it, so the sample's 501 answer
/// is tested through this one.
/// </summary>
internal sealed class ExtensionlessStrategy(TimeProvider timeProvider) : AllocationStrategy(StrategyName, timeProvider), IAllocationVerifier, IShowCatalog
{
    /// <summary>The strategy's name, which the sample's 501 answer and its log name.</summary>
    public const string StrategyName = "extensionless";

    /// <summary>Why <c>ExtendAsync</c> refuses, as the exception says it.</summary>
    public const string Reason = "Holds of the extensionless strategy cannot be extended.";

    private readonly InMemoryAllocationStrategy inner = new(timeProvider);

    public Task<VerificationReport> VerifyAsync(string? showId = null, CancellationToken cancellationToken = default) =>
        inner.VerifyAsync(showId, cancellationToken);

    public Task<ShowPage> ListShowsAsync(int limit, string? after = null, CancellationToken cancellationToken = default) =>
        inner.ListShowsAsync(limit, after, cancellationToken);

    public Task<IReadOnlyList<SeatState>?> GetSeatsAsync(string showId, CancellationToken cancellationToken = default) =>
        inner.GetSeatsAsync(showId, cancellationToken);

    protected override Task<AllocationResult> ExtendCoreAsync(AllocationReference hold, TimeSpan extension, CancellationToken cancellationToken) =>
        throw new NotSupportedException(Reason);

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
}
