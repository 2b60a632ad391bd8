namespace SeatAllocation.Benchmarks.Strategies;

/// <summary>One named strategy the harness can race.</summary>
/// <param name="Name">The name in tables and on the command line (<c>--strategies</c>).</param>
/// <param name="Summary">One line for the report: what it is and how it is configured here.</param>
/// <param name="CreateAsync">Builds a fresh instance for one scenario.</param>
/// <param name="InstancesShareState">
/// Whether two instances built by <paramref name="CreateAsync"/> see one state, as app instances behind
/// one database do (every PostgreSQL-backed strategy). Instances that share nothing would each sell
/// every seat, so they are not raced in a scenario of several instances (<see cref="Race.Scenario.Instances"/>).
/// </param>
internal sealed record StrategyEntry(string Name, string Summary, Func<StrategyContext, CancellationToken, Task<HarnessStrategy>> CreateAsync, bool InstancesShareState = true);
