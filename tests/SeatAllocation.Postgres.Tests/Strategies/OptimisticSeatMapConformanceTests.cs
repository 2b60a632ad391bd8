using SeatAllocation.Postgres;
using SeatAllocation.Testing;

namespace SeatAllocation.Postgres.Tests.Strategies;

public sealed class OptimisticSeatMapConformanceTests : SeatMapConformanceTests
{
    protected override async Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        new OptimisticAllocationStrategy(await PostgresTestDatabase.GetAsync(), PostgresTestDatabase.Options, retry: null, timeProvider);
}
