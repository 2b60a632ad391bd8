namespace SeatAllocation.Core.Tests.Telemetry;

/// <summary>
/// Runs the telemetry tests on their own, after the parallel tests: the meter is process-wide and its
/// measurements carry no show id, so other tests' traffic would otherwise be counted too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryTestGroup
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Telemetry";
}
