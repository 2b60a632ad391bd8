using SeatAllocation.Postgres;
using SeatAllocation.Testing;

namespace SeatAllocation.Redis.Tests.Admission;

/// <summary>Per-user limits and hold extension through the Redis gate, which leaves both to the optimistic strategy beneath it.</summary>
public sealed class RedisAdmissionOverOptimisticShowLimitsConformanceTests : ShowLimitsConformanceTests
{
    protected override async Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        new RedisAdmissionStrategy(
            new OptimisticAllocationStrategy(await RedisTestEnvironment.GetDataSourceAsync(), RedisTestEnvironment.PostgresOptions, retry: null, timeProvider),
            await RedisTestEnvironment.GetRedisAsync(),
            new RedisAdmissionOptions(),
            timeProvider);
}
