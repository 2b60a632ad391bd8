using SeatAllocation.Testing;

namespace SeatAllocation.Redis.Tests.Admission;

/// <summary>The kit's seat-map suite through the Redis gate, over the pessimistic strategy: Redis chooses the seats.</summary>
/// <remarks>
/// The suite's rush sends 500 best-available requests at once; each admission reads the whole map. On
/// this 2-core machine, shared with PostgreSQL and the 500 clients, the last of them waited in Redis's
/// queue past the default 1 s <see cref="RedisAdmissionOptions.OperationTimeout"/> and failed open to
/// PostgreSQL, whose own choice may answer <see cref="AllocationStatus.Contended"/> while the seats it
/// picked are locked by Redis-placed bookings. The suite checks the choices, so Redis gets the time to make them.
/// </remarks>
[Collection(nameof(RedisAlone))]
public sealed class RedisAdmissionSeatMapConformanceTests : SeatMapConformanceTests
{
    /// <summary>Settings for map rushes: Redis answers every request, however long the queue.</summary>
    internal static RedisAdmissionOptions RushOptions => new() { OperationTimeout = TimeSpan.FromSeconds(10) };

    protected override async Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider) =>
        await RedisTestEnvironment.CreateStrategyAsync(timeProvider, options: RushOptions);
}
