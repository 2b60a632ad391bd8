namespace SeatAllocation.Benchmarks.Measurement;

/// <summary>
/// Calls counted by outcome and the first few error messages: what one client saw
/// (<see cref="ClientRecorder"/>) or many clients merged (<see cref="LoadMeasurement"/>). Latencies
/// go to a run's <see cref="LatencyRecorder"/>, shared by its clients.
/// </summary>
internal abstract class CallTally
{
    /// <summary>Error messages kept, so a report can say what failed without listing thousands.</summary>
    protected const int MaxErrorSamples = 3;

    public long Calls { get; protected set; }

    /// <summary>Calls that asked for seats (hold or book).</summary>
    public long AllocationAttempts { get; protected set; }

    /// <summary>Hold or book calls that got their seats.</summary>
    public long Allocations { get; protected set; }

    public long Rejected { get; protected set; }

    public long Contended { get; protected set; }

    public long Errors { get; protected set; }

    public List<string> ErrorSamples { get; } = [];

    /// <summary>Adds another tally's calls and (distinct) error samples to this one.</summary>
    protected void Merge(CallTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Calls += other.Calls;
        AllocationAttempts += other.AllocationAttempts;
        Allocations += other.Allocations;
        Rejected += other.Rejected;
        Contended += other.Contended;
        Errors += other.Errors;
        foreach (var sample in other.ErrorSamples.Where(s => !ErrorSamples.Contains(s)).Take(MaxErrorSamples - ErrorSamples.Count))
        {
            ErrorSamples.Add(sample);
        }
    }
}
