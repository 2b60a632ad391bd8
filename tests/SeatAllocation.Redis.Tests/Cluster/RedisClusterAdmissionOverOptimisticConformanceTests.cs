using SeatAllocation.Postgres;

namespace SeatAllocation.Redis.Tests.Cluster;

/// <summary>The whole conformance suite, through the Redis gate on a Redis Cluster, over the optimistic strategy.</summary>
public sealed class RedisClusterAdmissionOverOptimisticConformanceTests : RedisClusterConformanceTests
{
    protected override async Task<IAllocationStrategy> CreateInnerAsync(TimeProvider timeProvider) =>
        new OptimisticAllocationStrategy(await RedisTestEnvironment.GetDataSourceAsync(), RedisTestEnvironment.PostgresOptions, new OptimisticConcurrencyOptions(), timeProvider);
}
