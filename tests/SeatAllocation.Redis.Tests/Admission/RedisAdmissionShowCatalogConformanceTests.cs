using SeatAllocation.Testing;

namespace SeatAllocation.Redis.Tests.Admission;

/// <summary>The catalog suite through the Redis gate, which lists from its inner PostgreSQL strategy.</summary>
public sealed class RedisAdmissionShowCatalogConformanceTests : ShowCatalogConformanceTests
{
    protected override async Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        await RedisTestEnvironment.CreateStrategyAsync(timeProvider);
}
