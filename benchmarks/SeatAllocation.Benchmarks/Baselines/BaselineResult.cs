namespace SeatAllocation.Benchmarks.Baselines;

/// <summary>One machine-limit measurement by a standard tool, or why it could not be taken.</summary>
/// <param name="Name">Short name used in the ratio columns.</param>
/// <param name="Tool">The tool and what it ran.</param>
/// <param name="Clients">Concurrent clients.</param>
/// <param name="PerSecond">Transactions (pgbench) or requests (redis-benchmark) per second; null when the tool failed.</param>
/// <param name="Note">The command line, or the failure.</param>
internal sealed record BaselineResult(string Name, string Tool, int Clients, double? PerSecond, string Note);
