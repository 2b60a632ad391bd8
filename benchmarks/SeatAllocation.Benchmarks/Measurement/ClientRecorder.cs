namespace SeatAllocation.Benchmarks.Measurement;

/// <summary>
/// What one simulated client saw: every strategy call it made, counted by outcome (one recorder per
/// client, so counting takes no lock) and timed into the run's <see cref="LatencyRecorder"/>.
/// </summary>
/// <param name="latencies">The run's latency recorder, shared by its clients.</param>
/// <param name="time">The clock calls are timed with; the system's high-resolution one unless a test fakes it.</param>
internal sealed class ClientRecorder(LatencyRecorder latencies, TimeProvider? time = null) : CallTally
{
    private readonly TimeProvider time = time ?? TimeProvider.System;

    /// <summary>Where this client's latencies go, shared with the other clients of its run.</summary>
    public LatencyRecorder Latencies { get; } = latencies ?? throw new ArgumentNullException(nameof(latencies));

    /// <summary>Times a hold or book call and counts its outcome; null when it threw.</summary>
    public Task<AllocationResult?> AllocateAsync(Func<Task<AllocationResult>> call) => TimeAsync(call, isAllocation: true);

    /// <summary>Times a confirm call and counts its outcome; null when it threw.</summary>
    public Task<AllocationResult?> ConfirmAsync(Func<Task<AllocationResult>> call) => TimeAsync(call, isAllocation: false);

    /// <summary>Times a release or cancel call and counts its outcome; null when it threw.</summary>
    public async Task<ReleaseStatus?> ReleaseAsync(Func<Task<ReleaseStatus>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var started = time.GetTimestamp();
        try
        {
            var status = await call().ConfigureAwait(false);
            Count(started, status == ReleaseStatus.Released ? CallOutcome.Succeeded : CallOutcome.Rejected);
            return status;
        }
#pragma warning disable CA1031 // Any exception is one call's failure; the tables count and sample them.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(started, ex);
            return null;
        }
    }

    /// <summary>Maps a strategy's answer to the table's columns.</summary>
    public static CallOutcome Classify(AllocationStatus status) => status switch
    {
        AllocationStatus.Allocated => CallOutcome.Succeeded,
        AllocationStatus.Contended => CallOutcome.Contended,
        _ => CallOutcome.Rejected,
    };

    private async Task<AllocationResult?> TimeAsync(Func<Task<AllocationResult>> call, bool isAllocation)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (isAllocation)
        {
            AllocationAttempts++;
        }

        var started = time.GetTimestamp();
        try
        {
            var result = await call().ConfigureAwait(false);
            var outcome = Classify(result.Status);
            Count(started, outcome);
            if (isAllocation && outcome == CallOutcome.Succeeded)
            {
                Allocations++;
            }

            return result;
        }
#pragma warning disable CA1031 // Any exception is one call's failure; the tables count and sample them.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(started, ex);
            return null;
        }
    }

    private void Count(long started, CallOutcome outcome)
    {
        Latencies.Record(time.GetElapsedTime(started));
        Calls++;
        switch (outcome)
        {
            case CallOutcome.Rejected: Rejected++; break;
            case CallOutcome.Contended: Contended++; break;
            case CallOutcome.Error: Errors++; break;
            default: break;
        }
    }

    private void Fail(long started, Exception ex)
    {
        Count(started, CallOutcome.Error);
        if (ErrorSamples.Count < MaxErrorSamples)
        {
            ErrorSamples.Add($"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
