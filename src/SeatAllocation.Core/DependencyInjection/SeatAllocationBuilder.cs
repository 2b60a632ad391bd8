using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SeatAllocation;

/// <summary>
/// Chooses the strategy that <see cref="IAllocationStrategy"/> resolves to. Returned by
/// <c>services.AddSeatAllocation()</c>; backend packages add their own <c>Use…</c> methods.
/// </summary>
/// <remarks>
/// With a <see cref="ServiceKey"/>, everything is registered as keyed services under that key, so
/// several strategies can live in one container; without one, as the default services.
/// </remarks>
public sealed class SeatAllocationBuilder
{
    private Func<IServiceProvider, object?, IAllocationStrategy>? _factory;

    internal SeatAllocationBuilder(IServiceCollection services, object? serviceKey)
    {
        Services = services;
        ServiceKey = serviceKey;
    }

    /// <summary>Gets the service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets the key the strategy is registered under, or <see langword="null"/> for the default registration.</summary>
    public object? ServiceKey { get; }

    /// <summary>Gets the options name that belongs to this registration: the key as text, or the default name.</summary>
    public string OptionsName => ServiceKey?.ToString() ?? Microsoft.Extensions.Options.Options.DefaultName;

    /// <summary>Uses the exact, process-local <see cref="InMemoryAllocationStrategy"/>.</summary>
    /// <returns>This builder.</returns>
    public SeatAllocationBuilder UseInMemory() =>
        UseStrategy(static (services, _) => new InMemoryAllocationStrategy(services.GetService<TimeProvider>()));

    /// <summary>
    /// Registers the strategy that <see cref="IAllocationStrategy"/> (keyed by <see cref="ServiceKey"/>
    /// when one was given) resolves to, as a singleton. When the strategy also verifies its own state,
    /// <see cref="IAllocationVerifier"/> is registered too. The last call wins.
    /// </summary>
    /// <param name="factory">Creates the strategy from the service provider and the service key.</param>
    /// <returns>This builder.</returns>
    public SeatAllocationBuilder UseStrategy(Func<IServiceProvider, object?, IAllocationStrategy> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        if (ServiceKey is null)
        {
            Services.RemoveAll<IAllocationStrategy>();
            Services.AddSingleton(services => factory(services, null));
            Services.TryAddSingleton(services => services.GetRequiredService<IAllocationStrategy>() as IAllocationVerifier
                ?? throw new InvalidOperationException($"The registered strategy does not implement {nameof(IAllocationVerifier)}; register a verifier for it."));
        }
        else
        {
            Services.RemoveAllKeyed<IAllocationStrategy>(ServiceKey);
            Services.AddKeyedSingleton(ServiceKey, (services, key) => factory(services, key));
            Services.TryAddKeyedSingleton(ServiceKey, (services, key) => services.GetRequiredKeyedService<IAllocationStrategy>(key) as IAllocationVerifier
                ?? throw new InvalidOperationException($"The registered strategy does not implement {nameof(IAllocationVerifier)}; register a verifier for it."));
        }

        return this;
    }

    /// <summary>
    /// Wraps the strategy chosen so far in a decorator (for example an admission gate in front of a
    /// database strategy). Registers the decorator in its place, under the same key.
    /// </summary>
    /// <param name="decorator">Creates the decorator from the service provider, the service key and the inner strategy.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">No strategy was chosen before.</exception>
    public SeatAllocationBuilder Decorate(Func<IServiceProvider, object?, IAllocationStrategy, IAllocationStrategy> decorator)
    {
        ArgumentNullException.ThrowIfNull(decorator);
        var inner = _factory ?? throw new InvalidOperationException("Choose the strategy to decorate first, for example UsePostgres(...).UsePessimisticLocking().");
        return UseStrategy((services, key) => decorator(services, key, inner(services, key)));
    }
}
