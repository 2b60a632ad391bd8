using SeatAllocation.Postgres;

namespace SeatAllocation.Redis.Tests.Cluster;

/// <summary>The whole conformance suite, through the Redis gate on a Redis Cluster, over the pessimistic strategy.</summary>
public sealed class RedisClusterAdmissionOverPessimisticConformanceTests : RedisClusterConformanceTests
{
    protected override async Task<IAllocationStrategy> CreateInnerAsync(TimeProvider timeProvider) =>
        new PessimisticAllocationStrategy(await RedisTestEnvironment.GetDataSourceAsync(), RedisTestEnvironment.PostgresOptions, timeProvider);
}
