using SeatAllocation.Postgres;
using SeatAllocation.Testing;

namespace SeatAllocation.Postgres.Tests.Strategies;

public sealed class PessimisticShowLimitsConformanceTests : ShowLimitsConformanceTests
{
    protected override async Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        new PessimisticAllocationStrategy(await PostgresTestDatabase.GetAsync(), PostgresTestDatabase.Options, timeProvider);
}
