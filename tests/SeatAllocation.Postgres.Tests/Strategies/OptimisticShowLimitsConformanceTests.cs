using SeatAllocation.Postgres;
using SeatAllocation.Testing;

namespace SeatAllocation.Postgres.Tests.Strategies;

public sealed class OptimisticShowLimitsConformanceTests : ShowLimitsConformanceTests
{
    protected override async Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        new OptimisticAllocationStrategy(await PostgresTestDatabase.GetAsync(), PostgresTestDatabase.Options, retry: null, timeProvider);
}
