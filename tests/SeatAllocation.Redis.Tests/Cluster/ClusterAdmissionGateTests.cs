using SeatAllocation.Redis.Tests.Admission;
using StackExchange.Redis;

namespace SeatAllocation.Redis.Tests.Cluster;

/// <summary>The admission gate tests on a Redis Cluster: rejections still never reach PostgreSQL, and Redis stays in step with it.</summary>
[Collection(nameof(RedisAlone))]
public sealed class ClusterAdmissionGateTests : AdmissionGateTests, IDisposable
{
    private readonly RedisFailureLog _log = new();

    protected override Task<RedisAdmissionStrategy> CreateStrategyAsync(TimeProvider? clock = null) => RedisClusterTestEnvironment.CreateStrategyAsync(_log, clock);

    protected override Task<IDatabase> GetRedisAsync() => RedisClusterTestEnvironment.GetRedisAsync();

    public void Dispose() => _log.AssertNoRedisFailure();
}
