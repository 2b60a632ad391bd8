using SeatAllocation.Postgres;
using SeatAllocation.Servers;
using StackExchange.Redis;

namespace SeatAllocation.Redis.Tests.Cluster;

/// <summary>The shared three-master Redis Cluster of these tests, and strategies on it.</summary>
internal static class RedisClusterTestEnvironment
{
    public static async Task<IDatabase> GetRedisAsync() => (await TestRedisCluster.GetMultiplexerAsync()).GetDatabase();

    /// <summary>
    /// The defaults, except a generous operation timeout: these tests fail on any Redis failure (see
    /// <see cref="RedisFailureLog"/>), and a slow call on a loaded machine is not what they look for.
    /// </summary>
    public static RedisAdmissionOptions Options => new() { OperationTimeout = TimeSpan.FromSeconds(10) };

    /// <summary>A Redis admission strategy on the shared cluster over <paramref name="inner"/> (the pessimistic strategy by default).</summary>
    public static async Task<RedisAdmissionStrategy> CreateStrategyAsync(RedisFailureLog log, TimeProvider? timeProvider = null, Func<TimeProvider, Task<IAllocationStrategy>>? inner = null)
    {
        timeProvider ??= TimeProvider.System;
        var decider = inner is null
            ? new PessimisticAllocationStrategy(await RedisTestEnvironment.GetDataSourceAsync(), RedisTestEnvironment.PostgresOptions, timeProvider)
            : await inner(timeProvider);
        return new RedisAdmissionStrategy(decider, await GetRedisAsync(), Options, timeProvider, log);
    }
}
