using SeatAllocation.Redis.Tests.Seeds;
using StackExchange.Redis;

namespace SeatAllocation.Redis.Tests.Cluster;

/// <summary>The seat engine seed's scenarios on a Redis Cluster.</summary>
public sealed class ClusterSeatEngineScenarioTests : SeatEngineScenarioTests, IDisposable
{
    private readonly RedisFailureLog _log = new();

    protected override Task<RedisAdmissionStrategy> CreateStrategyAsync() => RedisClusterTestEnvironment.CreateStrategyAsync(_log);

    protected override Task<IDatabase> GetRedisAsync() => RedisClusterTestEnvironment.GetRedisAsync();

    public void Dispose() => _log.AssertNoRedisFailure();
}
