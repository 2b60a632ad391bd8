using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SeatAllocation.Core.Tests.Telemetry;

/// <summary>Records every measurement of the SeatAllocation meter while it is alive.</summary>
public sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<RecordedMeasurement> measurements = new();

    public MetricsRecorder()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SeatAllocationTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
    }

    public IReadOnlyList<RecordedMeasurement> Measurements => [.. measurements];

    /// <summary>The measurements of <paramref name="instrument"/> made by the in-memory strategy for one operation and outcome.</summary>
    public IReadOnlyList<RecordedMeasurement> InMemory(string instrument, string operation, string outcome) =>
        [.. measurements.Where(m =>
            m.Instrument == instrument
            && m.Tag("seatallocation.strategy") == InMemoryAllocationStrategy.StrategyName
            && m.Tag("seatallocation.operation") == operation
            && m.Tag("seatallocation.outcome") == outcome)];

    public void Dispose() => listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copied = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copied[tag.Key] = tag.Value;
        }

        measurements.Enqueue(new RecordedMeasurement(instrument.Name, instrument.Unit, value, copied));
    }
}
