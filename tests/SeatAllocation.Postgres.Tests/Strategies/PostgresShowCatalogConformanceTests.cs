using SeatAllocation.Postgres;
using SeatAllocation.Testing;

namespace SeatAllocation.Postgres.Tests.Strategies;

/// <summary>The catalog suite on the PostgreSQL strategies' shared listing (PostgresAllocationStrategy), through the group-commit strategy.</summary>
public sealed class PostgresShowCatalogConformanceTests : ShowCatalogConformanceTests
{
    protected override async Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        new GroupCommitAllocationStrategy(await PostgresTestDatabase.GetAsync(), PostgresTestDatabase.Options, timeProvider: timeProvider);
}
