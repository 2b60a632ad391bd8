using SeatAllocation.Postgres;

namespace SeatAllocation.Redis.Tests.Cluster;

/// <summary>The whole conformance suite, through the Redis gate on a Redis Cluster, over the group-commit strategy.</summary>
public sealed class RedisClusterAdmissionOverGroupCommitConformanceTests : RedisClusterConformanceTests
{
    protected override async Task<IAllocationStrategy> CreateInnerAsync(TimeProvider timeProvider) =>
        new GroupCommitAllocationStrategy(await RedisTestEnvironment.GetDataSourceAsync(), RedisTestEnvironment.PostgresOptions, new GroupCommitOptions(), timeProvider);
}
