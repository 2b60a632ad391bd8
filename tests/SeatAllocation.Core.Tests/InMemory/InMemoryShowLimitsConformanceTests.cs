using SeatAllocation.Testing;

namespace SeatAllocation.Core.Tests.InMemory;

public sealed class InMemoryShowLimitsConformanceTests : ShowLimitsConformanceTests
{
    protected override Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        Task.FromResult<IAllocationStrategy>(new InMemoryAllocationStrategy(timeProvider));
}
