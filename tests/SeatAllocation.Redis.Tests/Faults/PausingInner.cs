namespace SeatAllocation.Redis.Tests.Faults;

/// <summary>
/// Wraps a real strategy and, when asked, stops its next booking before it reaches PostgreSQL, or its
/// next snapshot after it was read, until the test lets it go on: to put a commit or release exactly
/// between a rebuild's snapshot read and its write to Redis.
/// </summary>
internal sealed class PausingInner(IAllocationStrategy inner) : IAllocationStrategy, IShowSnapshotSource, IAllocationVerifier
{
    private Pause? _nextBook;
    private Pause? _nextSnapshot;

    public string Name => inner.Name;

    /// <summary>Stops the next <see cref="BookAsync"/> before it calls the inner strategy.</summary>
    public Pause PauseNextBook() => _nextBook = new Pause();

    /// <summary>Stops the next <see cref="GetSnapshotAsync"/> after the inner strategy read the snapshot.</summary>
    public Pause PauseNextSnapshot() => _nextSnapshot = new Pause();

    public Task<CreateShowResult> CreateShowAsync(ShowDefinition show, CancellationToken cancellationToken = default) => inner.CreateShowAsync(show, cancellationToken);

    public Task<ShowAvailability?> GetAvailabilityAsync(string showId, CancellationToken cancellationToken = default) => inner.GetAvailabilityAsync(showId, cancellationToken);

    public Task<AllocationResult> HoldAsync(AllocationRequest request, TimeSpan duration, CancellationToken cancellationToken = default) => inner.HoldAsync(request, duration, cancellationToken);

    public async Task<AllocationResult> BookAsync(AllocationRequest request, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _nextBook, null) is { } pause)
        {
            await pause.WaitAsync();
        }

        return await inner.BookAsync(request, cancellationToken);
    }

    public Task<AllocationResult> ConfirmAsync(AllocationReference hold, CancellationToken cancellationToken = default) => inner.ConfirmAsync(hold, cancellationToken);

    public Task<ReleaseStatus> ReleaseAsync(AllocationReference hold, CancellationToken cancellationToken = default) => inner.ReleaseAsync(hold, cancellationToken);

    public Task<ReleaseStatus> CancelAsync(AllocationReference booking, CancellationToken cancellationToken = default) => inner.CancelAsync(booking, cancellationToken);

    public Task<AllocationResult> ExtendAsync(AllocationReference hold, TimeSpan extension, CancellationToken cancellationToken = default) => inner.ExtendAsync(hold, extension, cancellationToken);

    public async Task<ShowSnapshot?> GetSnapshotAsync(string showId, CancellationToken cancellationToken = default)
    {
        var snapshot = await ((IShowSnapshotSource)inner).GetSnapshotAsync(showId, cancellationToken);
        if (Interlocked.Exchange(ref _nextSnapshot, null) is { } pause)
        {
            await pause.WaitAsync();
        }

        return snapshot;
    }

    public Task<VerificationReport> VerifyAsync(string? showId = null, CancellationToken cancellationToken = default) => ((IAllocationVerifier)inner).VerifyAsync(showId, cancellationToken);

    /// <summary>One paused call: <see cref="Reached"/> completes when it stops, <see cref="Resume"/> lets it go on.</summary>
    public sealed class Pause
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public void Resume() => _resumed.TrySetResult();

        internal Task WaitAsync()
        {
            _reached.TrySetResult();
            return _resumed.Task;
        }
    }
}
