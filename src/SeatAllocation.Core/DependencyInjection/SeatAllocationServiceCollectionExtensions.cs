using Microsoft.Extensions.DependencyInjection.Extensions;
using SeatAllocation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SeatAllocation in an <see cref="IServiceCollection"/>.</summary>
public static class SeatAllocationServiceCollectionExtensions
{
    /// <summary>
    /// Registers a seat-allocation strategy: the exact in-memory strategy until a <c>Use…</c> method
    /// on the returned builder chooses another (such as <c>UsePostgres(dataSource).UsePessimisticLocking()</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">
    /// A key to register the strategy under as a keyed service (so several can live in one container),
    /// or <see langword="null"/> for the default <see cref="IAllocationStrategy"/>.
    /// </param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddSeatAllocation().UsePostgres(dataSource).UsePessimisticLocking();
    /// services.AddSeatAllocation("optimistic").UsePostgres(dataSource).UseOptimisticConcurrency(o => o.MaxRetries = 3);
    /// </code>
    /// </example>
    public static SeatAllocationBuilder AddSeatAllocation(this IServiceCollection services, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        var builder = new SeatAllocationBuilder(services, serviceKey);
        var hasStrategy = services.Any(d => d.ServiceType == typeof(IAllocationStrategy) && Equals(d.ServiceKey, serviceKey));
        return hasStrategy ? builder : builder.UseInMemory();
    }
}
