namespace SeatAllocation.Benchmarks.Suites;

/// <summary>What every suite compares: the four strategies (Redis admission in front of the pessimistic strategy, as the race harness runs it) and the raw-Npgsql baseline.</summary>
internal sealed record SuiteStrategies(
    IAllocationStrategy InMemory,
    IAllocationStrategy Pessimistic,
    IAllocationStrategy Optimistic,
    IAllocationStrategy RedisAdmission,
    RawNpgsqlAllocator Raw);
