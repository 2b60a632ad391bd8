namespace SeatAllocation.Postgres.Batches;

/// <summary>A command waiting in a show's queue for its batch, and the caller waiting for its answer.</summary>
internal sealed class PendingCommand(AllocationCommand command)
{
    private const int Queued = 0;
    private const int Sent = 1;
    private const int Cancelled = 2;

    private readonly TaskCompletionSource<BatchAnswer> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _registration;
    private int _state;

    public AllocationCommand Command { get; } = command;

    /// <summary>
    /// Waits for the answer. Cancelling before the command is sent takes it out of its batch; after,
    /// the caller stops waiting but the batch still runs and may commit it (a replay of the request
    /// id, or reading the allocation, tells what happened).
    /// </summary>
    public Task<BatchAnswer> WaitAsync(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return _completion.Task;
        }

        _registration = cancellationToken.Register(static (state, token) => ((PendingCommand)state!).CancelIfQueued(token), this);
        return _completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Claims the command for a batch; false when its caller cancelled first.</summary>
    public bool TryStart() => Interlocked.CompareExchange(ref _state, Sent, Queued) == Queued;

    public void Answer(BatchAnswer answer)
    {
        _registration.Dispose();
        _completion.TrySetResult(answer);
    }

    public void Fail(Exception exception)
    {
        _registration.Dispose();
        _completion.TrySetException(exception);
    }

    private void CancelIfQueued(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
        {
            _completion.TrySetCanceled(cancellationToken);
        }
    }
}
