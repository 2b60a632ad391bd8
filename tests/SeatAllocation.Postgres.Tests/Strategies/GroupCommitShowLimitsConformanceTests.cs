using SeatAllocation.Postgres;
using SeatAllocation.Testing;

namespace SeatAllocation.Postgres.Tests.Strategies;

public sealed class GroupCommitShowLimitsConformanceTests : ShowLimitsConformanceTests
{
    protected override async Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        new GroupCommitAllocationStrategy(await PostgresTestDatabase.GetAsync(), PostgresTestDatabase.Options, groupCommit: null, timeProvider);
}
