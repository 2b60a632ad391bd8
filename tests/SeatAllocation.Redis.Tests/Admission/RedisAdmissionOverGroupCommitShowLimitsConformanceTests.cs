using SeatAllocation.Postgres;
using SeatAllocation.Testing;

namespace SeatAllocation.Redis.Tests.Admission;

/// <summary>Per-user limits and hold extension through the Redis gate, which leaves both to the group-commit strategy beneath it.</summary>
public sealed class RedisAdmissionOverGroupCommitShowLimitsConformanceTests : ShowLimitsConformanceTests
{
    protected override async Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        new RedisAdmissionStrategy(
            new GroupCommitAllocationStrategy(await RedisTestEnvironment.GetDataSourceAsync(), RedisTestEnvironment.PostgresOptions, new GroupCommitOptions(), timeProvider),
            await RedisTestEnvironment.GetRedisAsync(),
            new RedisAdmissionOptions(),
            timeProvider);
}
