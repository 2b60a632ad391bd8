using SeatAllocation.Postgres;
using SeatAllocation.Testing;

namespace SeatAllocation.Redis.Tests.Admission;

/// <summary>The whole conformance suite, through the Redis gate, over the group-commit strategy.</summary>
public sealed class RedisAdmissionOverGroupCommitConformanceTests : AllocationStrategyConformanceTests
{
    protected override async Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        new RedisAdmissionStrategy(
            new GroupCommitAllocationStrategy(await RedisTestEnvironment.GetDataSourceAsync(), RedisTestEnvironment.PostgresOptions, new GroupCommitOptions(), timeProvider),
            await RedisTestEnvironment.GetRedisAsync(),
            new RedisAdmissionOptions(),
            timeProvider);
}
