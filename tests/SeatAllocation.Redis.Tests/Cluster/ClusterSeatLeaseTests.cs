using SeatAllocation.Redis.Tests.Leases;

namespace SeatAllocation.Redis.Tests.Cluster;

/// <summary>The seat lease tests on a Redis Cluster: the lease scripts touch a show's seat keys and its show keys in one slot.</summary>
public sealed class ClusterSeatLeaseTests : SeatLeaseTests, IDisposable
{
    private readonly RedisFailureLog _log = new();

    protected override Task<RedisAdmissionStrategy> CreateStrategyAsync() => RedisClusterTestEnvironment.CreateStrategyAsync(_log);

    public void Dispose() => _log.AssertNoRedisFailure();
}
