using HdrHistogram;

namespace SeatAllocation.Benchmarks.Measurement;

/// <summary>Every client's calls of one run, merged, with their latencies and the wall-clock time the run took.</summary>
internal sealed class LoadMeasurement : CallTally
{
    /// <summary>Every call's latency in <see cref="TimeSpan"/> ticks (see <see cref="LatencyRecorder"/>).</summary>
    public LongHistogram Latency { get; } = LatencyRecorder.NewHistogram();

    public TimeSpan Elapsed { get; private set; }

    /// <summary>The calls of <paramref name="clients"/>, the latencies they recorded, and the run's wall time.</summary>
    public static LoadMeasurement Of(IReadOnlyCollection<ClientRecorder> clients, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var measurement = new LoadMeasurement { Elapsed = elapsed };
        foreach (var client in clients)
        {
            measurement.Merge(client);
        }

        // Clients of one run share a recorder: its values are added once, not once per client.
        foreach (var latencies in clients.Select(c => c.Latencies).Distinct())
        {
            measurement.Latency.Add(latencies.ToHistogram());
        }

        return measurement;
    }

    /// <summary>Adds another run (such as one more round of a rush), its latencies and wall time included.</summary>
    public void Add(LoadMeasurement other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Merge(other);
        Latency.Add(other.Latency);
        Elapsed += other.Elapsed;
    }

    /// <summary>The latency at <paramref name="percentile"/> (0–100], in milliseconds; 0 when nothing was recorded.</summary>
    public double LatencyMilliseconds(double percentile) =>
        Latency.TotalCount == 0 ? 0 : Milliseconds(Latency.GetValueAtPercentile(percentile));

    /// <summary>The largest latency recorded, in milliseconds (to the histogram's precision).</summary>
    public double MaxLatencyMilliseconds => Latency.TotalCount == 0 ? 0 : Milliseconds(Latency.GetMaxValue());

    /// <summary>The mean latency, in milliseconds (to the histogram's precision).</summary>
    public double MeanLatencyMilliseconds => Latency.TotalCount == 0 ? 0 : Latency.GetMean() / TimeSpan.TicksPerMillisecond;

    private static double Milliseconds(long ticks) => ticks / (double)TimeSpan.TicksPerMillisecond;
}
