using SeatAllocation.Testing;

namespace SeatAllocation.Redis.Tests.Cluster;

/// <summary>
/// The whole conformance suite through the Redis gate on a real three-master Redis Cluster: every
/// script must find all its keys in one slot, or the cluster refuses it. Each test also fails when
/// the strategy met any Redis failure, so a refused script cannot hide behind the fallback to PostgreSQL.
/// </summary>
public abstract class RedisClusterConformanceTests : AllocationStrategyConformanceTests, IDisposable
{
    private readonly RedisFailureLog _log = new();

    /// <summary>The PostgreSQL strategy behind the gate.</summary>
    protected abstract Task<IAllocationStrategy> CreateInnerAsync(TimeProvider timeProvider);

    protected override async Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        await RedisClusterTestEnvironment.CreateStrategyAsync(_log, timeProvider, CreateInnerAsync);

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        _log.AssertNoRedisFailure();
    }
}
