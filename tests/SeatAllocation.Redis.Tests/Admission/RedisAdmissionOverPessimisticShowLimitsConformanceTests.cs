using SeatAllocation.Testing;

namespace SeatAllocation.Redis.Tests.Admission;

/// <summary>Per-user limits and hold extension through the Redis gate, which leaves both to the pessimistic strategy beneath it.</summary>
public sealed class RedisAdmissionOverPessimisticShowLimitsConformanceTests : ShowLimitsConformanceTests
{
    protected override async Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        await RedisTestEnvironment.CreateStrategyAsync(timeProvider);
}
