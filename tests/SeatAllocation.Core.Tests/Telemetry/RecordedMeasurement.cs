namespace SeatAllocation.Core.Tests.Telemetry;

/// <summary>One measurement seen by a <see cref="MetricsRecorder"/>.</summary>
public sealed record RecordedMeasurement(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string? Tag(string name) => Tags.TryGetValue(name, out var value) ? value as string : null;
}
