using System.Diagnostics.Metrics;

namespace SeatAllocation.Benchmarks.Measurement;

/// <summary>
/// Counts Redis calls reported by the library on its meter (<c>"SeatAllocation"</c>): every
/// counter instrument whose name mentions <c>redis</c> and <c>call</c> (the Redis package's call
/// counter) adds its measurements here. Strategies without Redis report nothing, which the report
/// shows as a dash rather than a zero.
/// </summary>
internal sealed class RedisCallCounter : IDisposable
{
    private readonly MeterListener listener = new();
    private long calls;
    private int instruments;

    public RedisCallCounter()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (IsRedisCallCounter(instrument.Meter.Name, instrument.Name))
            {
                Interlocked.Increment(ref instruments);
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref calls, value));
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => Interlocked.Add(ref calls, value));
        listener.Start();
    }

    /// <summary>Redis calls counted since this counter was created.</summary>
    public long Calls => Interlocked.Read(ref calls);

    /// <summary>Whether any Redis call counter exists in this process (false until the Redis strategy is used).</summary>
    public bool HasInstrument => Volatile.Read(ref instruments) > 0;

    /// <inheritdoc />
    public void Dispose() => listener.Dispose();

    /// <summary>Which instruments count Redis calls; kept loose because the Redis package is still being written.</summary>
    internal static bool IsRedisCallCounter(string meterName, string instrumentName) =>
        meterName == SeatAllocationTelemetry.MeterName
        && instrumentName.Contains("redis", StringComparison.OrdinalIgnoreCase)
        && instrumentName.Contains("call", StringComparison.OrdinalIgnoreCase);
}
