using SeatAllocation.Benchmarks.Measurement;

namespace SeatAllocation.Benchmarks.Race;

/// <summary>What a scenario measured against one strategy, and the shows to verify afterwards.</summary>
internal sealed record ScenarioRun(LoadMeasurement Measurement, IReadOnlyList<ShowCheck> Shows);
