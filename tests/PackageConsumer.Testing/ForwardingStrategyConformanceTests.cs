using SeatAllocation;
using SeatAllocation.Testing;

namespace Acme.Seating.Tests;

// The whole of a third party's conformance test: the suite's tests run against ForwardingStrategy.
public sealed class ForwardingStrategyConformanceTests : AllocationStrategyConformanceTests
{
    protected override Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        Task.FromResult<IAllocationStrategy>(new ForwardingStrategy(timeProvider));
}
