using SeatAllocation.Postgres;
using SeatAllocation.Testing;

namespace SeatAllocation.Redis.Tests.Admission;

/// <summary>The whole conformance suite, through the Redis gate, over the optimistic strategy.</summary>
public sealed class RedisAdmissionOverOptimisticConformanceTests : AllocationStrategyConformanceTests
{
    protected override async Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        new RedisAdmissionStrategy(
            new OptimisticAllocationStrategy(await RedisTestEnvironment.GetDataSourceAsync(), RedisTestEnvironment.PostgresOptions, new OptimisticConcurrencyOptions(), timeProvider),
            await RedisTestEnvironment.GetRedisAsync(),
            new RedisAdmissionOptions(),
            timeProvider);
}
