using SeatAllocation.Postgres;
using SeatAllocation.Testing;

namespace SeatAllocation.Redis.Tests.Admission;

/// <summary>The kit's seat-map suite through the Redis gate, over the group-commit strategy (see <see cref="RedisAdmissionSeatMapConformanceTests"/> for the settings).</summary>
[Collection(nameof(RedisAlone))]
public sealed class RedisAdmissionOverGroupCommitSeatMapConformanceTests : SeatMapConformanceTests
{
    protected override async Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        new RedisAdmissionStrategy(
            new GroupCommitAllocationStrategy(await RedisTestEnvironment.GetDataSourceAsync(), RedisTestEnvironment.PostgresOptions, new GroupCommitOptions(), timeProvider),
            await RedisTestEnvironment.GetRedisAsync(),
            RedisAdmissionSeatMapConformanceTests.RushOptions,
            timeProvider);
}
