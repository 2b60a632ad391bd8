using Polly;
using Polly.Retry;
using SeatAllocation.Postgres.Storage;
using SeatAllocation.Postgres.Telemetry;

namespace SeatAllocation.Postgres.Resilience;

/// <summary>
/// Repeats a call of the library after a transient database failure (<see cref="PostgresErrors.IsTransient"/>),
/// a bounded number of times with jittered exponential delays; when the repeats run out, throws
/// <see cref="AllocationOutcomeUnknownException"/>, the one exception a caller sees for such a failure.
/// </summary>
/// <remarks>
/// Only idempotent calls go through it: a hold or booking carries its request id and allocation id,
/// confirm, release and cancel their allocation id, and <c>apply_batch</c> answers a repeat of a
/// committed request from what it committed. So a repeat is safe whether the failure came before
/// anything was sent (an exhausted pool, a refused connection) or while the commit was in flight.
/// The delays run on the system clock, not the strategy's (a test's fake clock must not stall them).
/// </remarks>
internal sealed class TransientRetry
{
    private readonly ResiliencePipeline _pipeline;
    private readonly ResiliencePipeline _pipelineThroughLocks;
    private readonly int _retries;

    public TransientRetry(PostgresAllocationOptions options, string strategyName)
    {
        _retries = options.TransientRetries;
        _pipeline = Build(options, strategyName, PostgresErrors.IsTransient);
        _pipelineThroughLocks = Build(options, strategyName, IsTransientOrLockContention);
    }

    /// <summary>Runs <paramref name="call"/>, repeating it after transient failures.</summary>
    /// <param name="call">The idempotent call.</param>
    /// <param name="what">The call in words for the exception's message, such as <c>book with request id 'r-1'</c>.</param>
    /// <param name="cancellationToken">Cancels the call and the waits between repeats.</param>
    /// <param name="repeatLockContention">
    /// Repeat after a lock timeout or a deadlock too: for a call that cannot answer "contended"
    /// (release and cancel return a <see cref="ReleaseStatus"/>). Such a failure rolled everything back.
    /// </param>
    /// <exception cref="AllocationOutcomeUnknownException">The last repeat failed transiently (or, with <paramref name="repeatLockContention"/>, on a lock) too.</exception>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, string what, CancellationToken cancellationToken, bool repeatLockContention = false)
    {
        var pipeline = repeatLockContention ? _pipelineThroughLocks : _pipeline;
        try
        {
            return await pipeline.ExecuteAsync(static async (call, token) => await call(token).ConfigureAwait(false), call, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when ((repeatLockContention ? IsTransientOrLockContention(ex) : PostgresErrors.IsTransient(ex)) && !cancellationToken.IsCancellationRequested)
        {
            throw Unknown(what, ex);
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/> once: for a call whose repeat would answer differently from its
    /// first attempt (creating a show answers "already exists" the second time). A transient failure
    /// becomes <see cref="AllocationOutcomeUnknownException"/> all the same.
    /// </summary>
    public async Task<T> RunOnceAsync<T>(Func<CancellationToken, Task<T>> call, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresErrors.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw Unknown(what, ex);
        }
    }

    /// <summary>The exception for a transient failure that was not (or no longer) repeated.</summary>
    public AllocationOutcomeUnknownException Unknown(string what, Exception failure) => new(
        $"The database failed transiently during {what} ({failure.GetType().Name}: {failure.Message}), " +
        $"{(_retries == 0 ? "and retrying is off" : $"also on {_retries} repeat(s)")}; whether it took effect is unknown. " +
        "Replay it with the same request id (or allocation id): the replay answers what happened.",
        failure);

    private static bool IsTransientOrLockContention(Exception exception) =>
        PostgresErrors.IsTransient(exception) || PostgresErrors.IsLockContention(exception);

    private static ResiliencePipeline Build(PostgresAllocationOptions options, string strategyName, Func<Exception, bool> isRepeatable) =>
        options.TransientRetries == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } exception && isRepeatable(exception) && !args.Context.CancellationToken.IsCancellationRequested),
                MaxRetryAttempts = options.TransientRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.TransientRetryBaseDelay,
                MaxDelay = options.TransientRetryMaxDelay,
                OnRetry = args =>
                {
                    PostgresInstruments.RecordTransientRetry(strategyName, args.Outcome.Exception);
                    return default;
                },
            }).Build();
}
