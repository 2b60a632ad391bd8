namespace SeatAllocation.RaceDemo;

/// <summary>What one client got: a status or an exception, and how long it waited for it.</summary>
internal sealed record ClientOutcome(AllocationStatus? Status, Exception? Error, TimeSpan Latency);
