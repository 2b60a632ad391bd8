using HdrHistogram;

namespace SeatAllocation.Benchmarks.Measurement;

/// <summary>
/// Records the call latencies of one run's clients into HdrHistograms: one plain
/// <see cref="LongHistogram"/> per thread, merged by <see cref="ToHistogram"/> once the run is over.
/// Values are <see cref="TimeSpan"/> ticks (100 ns) up to an hour, kept to 3 significant digits,
/// so a sub-microsecond in-memory call and a minutes-long lock wait share one histogram.
/// </summary>
/// <remarks>
/// Why per thread: a thread runs one client's continuation at a time, so its own histogram has one
/// writer and records without a lock or an interlocked write (about 15 ns a value measured here).
/// One <see cref="LongConcurrentHistogram"/> shared by all clients took about 160 ns a value with
/// two threads recording (every value increments shared counters), and a <see cref="Recorder"/>
/// about 290 ns; the recorder's interval snapshots are not needed, since the report reads each run
/// once at its end. A histogram per client is as cheap to record into but costs about 220 kB each,
/// over 200 MB for the 1,000 clients of a last-seats rush.
/// </remarks>
internal sealed class LatencyRecorder : IDisposable
{
    /// <summary>The largest latency kept apart from the others; a longer call is recorded as this.</summary>
    public const long HighestTrackableTicks = TimeSpan.TicksPerHour;

    /// <summary>Significant decimal digits every recorded value keeps (relative error ≤ 0.1 %).</summary>
    public const int SignificantDigits = 3;

    private readonly ThreadLocal<LongHistogram> perThread = new(NewHistogram, trackAllValues: true);

    /// <summary>An empty histogram with the range and precision every latency histogram here has.</summary>
    public static LongHistogram NewHistogram() => new(1, HighestTrackableTicks, SignificantDigits);

    /// <summary>Records one call's latency on the calling thread's histogram.</summary>
    public void Record(TimeSpan elapsed) =>
        perThread.Value!.RecordValue(Math.Clamp(elapsed.Ticks, 0, HighestTrackableTicks));

    /// <summary>Every value recorded so far, from all threads; call it when no client records any more.</summary>
    public LongHistogram ToHistogram()
    {
        var all = NewHistogram();
        foreach (var histogram in perThread.Values)
        {
            all.Add(histogram);
        }

        return all;
    }

    public void Dispose() => perThread.Dispose();
}
