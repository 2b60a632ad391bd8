using System.Diagnostics;
using System.Globalization;

namespace SeatAllocation.Benchmarks.Race;

/// <summary>Progress lines on standard error, each stamped with the time since the harness started, so a run is never silent for long.</summary>
internal sealed class ProgressLog
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly TextWriter writer;

    public ProgressLog(TextWriter? writer = null)
    {
        this.writer = writer ?? Console.Error;
    }

    public TimeSpan Elapsed => clock.Elapsed;

    public void Say(string message)
    {
        lock (writer)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,7:0.0} s] {message}"));
        }
    }
}
