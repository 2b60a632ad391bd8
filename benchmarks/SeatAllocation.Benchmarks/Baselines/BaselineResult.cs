namespace SeatAllocation.Benchmarks.Baselines;

/// <summary>One machine-limit measurement by a standard tool, or why it could not be taken.</summary>
/// <param name="Name">Short name used in the ratio columns.</param>
/// <param name="Tool">The tool and what it ran.</param>
/// <param name="Clients">Concurrent clients.</param>
/// <param name="PerSecond">
/// What the ratios divide by: transactions (pgbench) or requests (redis-benchmark) per second, or,
/// for a batch script, allocations per second (its transactions/s × <paramref name="AllocationsPerTransaction"/>);
/// null when the tool failed.
/// </param>
/// <param name="Note">The command line, or the failure.</param>
/// <param name="AllocationsPerTransaction">Allocations one transaction of the script records: 1, or the batch size of a group-commit script.</param>
internal sealed record BaselineResult(string Name, string Tool, int Clients, double? PerSecond, string Note, int AllocationsPerTransaction = 1)
{
    /// <summary>The rate the tool itself reported (transactions or requests per second); null when it failed.</summary>
    public double? ToolRate => PerSecond / AllocationsPerTransaction;
}
