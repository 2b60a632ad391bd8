namespace SeatAllocation.Benchmarks.Strategies;

/// <summary>One named strategy the harness can race.</summary>
/// <param name="Name">The name in tables and on the command line (<c>--strategies</c>).</param>
/// <param name="Summary">One line for the report: what it is and how it is configured here.</param>
/// <param name="CreateAsync">Builds a fresh instance for one scenario.</param>
internal sealed record StrategyEntry(string Name, string Summary, Func<StrategyContext, CancellationToken, Task<HarnessStrategy>> CreateAsync);
