using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SeatAllocation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SeatAllocation in an <see cref="IServiceCollection"/>.</summary>
public static class SeatAllocationServiceCollectionExtensions
{
    /// <summary>
    /// Starts a seat-allocation registration; choose its strategy on the returned builder, such as
    /// <c>UsePostgres(dataSource).UsePessimisticLocking()</c> or <c>UseInMemory()</c>.
    /// </summary>
    /// <remarks>
    /// There is no default strategy. When the host starts, a registration without one (chosen on the
    /// builder, or an <see cref="IAllocationStrategy"/> the app registered itself under the same key)
    /// fails with an <see cref="OptionsValidationException"/> that names the choices. Also registers
    /// <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is registered.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">
    /// A key to register the strategy under as a keyed service (so several can live in one container),
    /// or <see langword="null"/> for the default <see cref="IAllocationStrategy"/>. Keys compare like
    /// keyed services do, by <see cref="object.Equals(object)"/>.
    /// </param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddSeatAllocation().UsePostgres(dataSource).UsePessimisticLocking();
    /// services.AddSeatAllocation("optimistic").UsePostgres(dataSource).UseOptimisticConcurrency(o => o.MaxRetries = 3);
    /// services.AddSeatAllocation("tests").UseInMemory();
    /// </code>
    /// </example>
    public static SeatAllocationBuilder AddSeatAllocation(this IServiceCollection services, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StrategyChoiceCheck>()
            .Configure(check => check.ServiceKeys.Add(serviceKey))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StrategyChoiceCheck>, StrategyChoiceValidator>());
        return new SeatAllocationBuilder(services, serviceKey);
    }
}
