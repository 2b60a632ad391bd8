namespace SeatAllocation.Redis.Tests.Faults;

/// <summary>
/// Wraps a real strategy and makes its next <see cref="FailuresLeft"/> holds or bookings throw, as a
/// commit that fails after the Redis gate admitted it (a dropped connection, a crash of the driver).
/// </summary>
internal sealed class FaultyCommits(IAllocationStrategy inner) : IAllocationStrategy, IShowSnapshotSource, IAllocationVerifier
{
    private int _failuresLeft;

    public int FailuresLeft
    {
        get => Volatile.Read(ref _failuresLeft);
        set => Volatile.Write(ref _failuresLeft, value);
    }

    public string Name => inner.Name;

    public Task<CreateShowResult> CreateShowAsync(ShowDefinition show, CancellationToken cancellationToken = default) => inner.CreateShowAsync(show, cancellationToken);

    public Task<ShowAvailability?> GetAvailabilityAsync(string showId, CancellationToken cancellationToken = default) => inner.GetAvailabilityAsync(showId, cancellationToken);

    public Task<AllocationResult> HoldAsync(AllocationRequest request, TimeSpan duration, CancellationToken cancellationToken = default) =>
        Fail() ?? inner.HoldAsync(request, duration, cancellationToken);

    public Task<AllocationResult> BookAsync(AllocationRequest request, CancellationToken cancellationToken = default) =>
        Fail() ?? inner.BookAsync(request, cancellationToken);

    public Task<AllocationResult> ConfirmAsync(AllocationReference hold, CancellationToken cancellationToken = default) => inner.ConfirmAsync(hold, cancellationToken);

    public Task<ReleaseStatus> ReleaseAsync(AllocationReference hold, CancellationToken cancellationToken = default) => inner.ReleaseAsync(hold, cancellationToken);

    public Task<ReleaseStatus> CancelAsync(AllocationReference booking, CancellationToken cancellationToken = default) => inner.CancelAsync(booking, cancellationToken);

    public Task<AllocationResult> ExtendAsync(AllocationReference hold, TimeSpan extension, CancellationToken cancellationToken = default) => inner.ExtendAsync(hold, extension, cancellationToken);

    public Task<ShowSnapshot?> GetSnapshotAsync(string showId, CancellationToken cancellationToken = default) => ((IShowSnapshotSource)inner).GetSnapshotAsync(showId, cancellationToken);

    public Task<VerificationReport> VerifyAsync(string? showId = null, CancellationToken cancellationToken = default) => ((IAllocationVerifier)inner).VerifyAsync(showId, cancellationToken);

    private Task<AllocationResult>? Fail() =>
        Interlocked.Decrement(ref _failuresLeft) >= 0
            ? Task.FromException<AllocationResult>(new InvalidOperationException("Injected: the commit failed after admission."))
            : null;
}
