namespace SeatAllocation.Benchmarks.Measurement;

/// <summary>Every client's recorder of one run, merged, with the wall-clock time the run took.</summary>
internal sealed class LoadMeasurement
{
    public LatencyHistogram Latency { get; } = new();

    public long Calls { get; private set; }

    public long AllocationAttempts { get; private set; }

    public long Allocations { get; private set; }

    public long Rejected { get; private set; }

    public long Contended { get; private set; }

    public long Errors { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    public List<string> ErrorSamples { get; } = [];

    public void Add(ClientRecorder client)
    {
        ArgumentNullException.ThrowIfNull(client);
        Latency.Merge(client.Latency);
        Calls += client.Calls;
        AllocationAttempts += client.AllocationAttempts;
        Allocations += client.Allocations;
        Rejected += client.Rejected;
        Contended += client.Contended;
        Errors += client.Errors;
        foreach (var sample in client.ErrorSamples.Where(s => !ErrorSamples.Contains(s)).Take(3 - ErrorSamples.Count))
        {
            ErrorSamples.Add(sample);
        }
    }

    public void Add(LoadMeasurement other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Latency.Merge(other.Latency);
        Calls += other.Calls;
        AllocationAttempts += other.AllocationAttempts;
        Allocations += other.Allocations;
        Rejected += other.Rejected;
        Contended += other.Contended;
        Errors += other.Errors;
        Elapsed += other.Elapsed;
        foreach (var sample in other.ErrorSamples.Where(s => !ErrorSamples.Contains(s)).Take(3 - ErrorSamples.Count))
        {
            ErrorSamples.Add(sample);
        }
    }

    public void AddElapsed(TimeSpan elapsed) => Elapsed += elapsed;
}
