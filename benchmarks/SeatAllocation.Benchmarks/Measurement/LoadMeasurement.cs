namespace SeatAllocation.Benchmarks.Measurement;

/// <summary>Every client's recorder of one run, merged, with the wall-clock time the run took.</summary>
internal sealed class LoadMeasurement : CallTally
{
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Adds one client's calls.</summary>
    public void Add(ClientRecorder client) => Merge(client);

    /// <summary>Adds another run (such as one more round of a rush), its wall time included.</summary>
    public void Add(LoadMeasurement other)
    {
        Merge(other);
        Elapsed += other.Elapsed;
    }

    public void AddElapsed(TimeSpan elapsed) => Elapsed += elapsed;
}
