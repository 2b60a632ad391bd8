using System.Diagnostics;

namespace SeatAllocation.Benchmarks.Measurement;

/// <summary>
/// What one simulated client saw: every strategy call it made, timed into its own histogram
/// (nanoseconds) and counted by outcome. One per client, so recording takes no lock.
/// </summary>
internal sealed class ClientRecorder : CallTally
{
    /// <summary>Times a hold or book call and counts its outcome; null when it threw.</summary>
    public Task<AllocationResult?> AllocateAsync(Func<Task<AllocationResult>> call) => TimeAsync(call, isAllocation: true);

    /// <summary>Times a confirm call and counts its outcome; null when it threw.</summary>
    public Task<AllocationResult?> ConfirmAsync(Func<Task<AllocationResult>> call) => TimeAsync(call, isAllocation: false);

    /// <summary>Times a release or cancel call and counts its outcome; null when it threw.</summary>
    public async Task<ReleaseStatus?> ReleaseAsync(Func<Task<ReleaseStatus>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var started = Stopwatch.GetTimestamp();
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

        var started = Stopwatch.GetTimestamp();
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
        Latency.Record((long)Stopwatch.GetElapsedTime(started).TotalNanoseconds);
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
