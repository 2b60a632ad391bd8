using SeatAllocation;
using SeatAllocation.Testing;

namespace Acme.Seating.Tests;

// The whole of a third party's conformance tests: every suite of the kit runs against ForwardingStrategy.
public sealed class ForwardingStrategyConformanceTests : AllocationStrategyConformanceTests
{
    protected override Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        Task.FromResult<IAllocationStrategy>(new ForwardingStrategy(timeProvider));
}

public sealed class ForwardingStrategyShowCatalogConformanceTests : ShowCatalogConformanceTests
{
    protected override Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        Task.FromResult<IAllocationStrategy>(new ForwardingStrategy(timeProvider));
}

public sealed class ForwardingStrategySeatMapConformanceTests : SeatMapConformanceTests
{
    protected override Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        Task.FromResult<IAllocationStrategy>(new ForwardingStrategy(timeProvider));
}

public sealed class ForwardingStrategyShowLimitsConformanceTests : ShowLimitsConformanceTests
{
    protected override Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        Task.FromResult<IAllocationStrategy>(new ForwardingStrategy(timeProvider));
}
