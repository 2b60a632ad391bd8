using SeatAllocation.Testing;

namespace SeatAllocation.Redis.Tests.Admission;

/// <summary>The whole conformance suite, through the Redis gate, over the pessimistic strategy.</summary>
public sealed class RedisAdmissionOverPessimisticConformanceTests : AllocationStrategyConformanceTests
{
    protected override async Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        await RedisTestEnvironment.CreateStrategyAsync(timeProvider);
}
