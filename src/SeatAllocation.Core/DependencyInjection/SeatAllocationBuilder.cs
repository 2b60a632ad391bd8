using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SeatAllocation;

/// <summary>
/// Chooses the strategy that <see cref="IAllocationStrategy"/> resolves to. Returned by
/// <c>services.AddSeatAllocation()</c>; backend packages add their own <c>Use…</c> methods.
/// </summary>
/// <remarks>
/// <para>
/// There is no default: until a <c>Use…</c> method chooses a strategy, the host fails at start
/// naming the choices, so an app that forgot <c>.UsePostgres(…)</c> cannot run in memory by accident.
/// </para>
/// <para>
/// With a <see cref="ServiceKey"/>, everything is registered as keyed services under that key object
/// (so keys <c>1</c> and <c>"1"</c> are two registrations), and several strategies can live in one
/// container; without one, as the default services. The builder itself is not registered.
/// </para>
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

    /// <summary>
    /// Gets the name of the options that belong to this registration: <see cref="Microsoft.Extensions.Options.Options.DefaultName"/>
    /// without a key, the key itself for a non-empty string key, otherwise the key's type name, a colon
    /// and its text (so keys <c>1</c> and <c>"1"</c> do not share options).
    /// </summary>
    public string OptionsName => ServiceKey switch
    {
        null => Microsoft.Extensions.Options.Options.DefaultName,
        string { Length: > 0 } text => text,
        var key => $"{key.GetType().FullName}:{key}",
    };

    /// <summary>
    /// Gets the type the chosen strategy's factory declares (for example
    /// <see cref="InMemoryAllocationStrategy"/>), or <see langword="null"/> before a strategy was
    /// chosen on this builder. Decorators use it to refuse, at registration, an inner strategy that
    /// lacks what they need.
    /// </summary>
    public Type? StrategyType { get; private set; }

    /// <summary>
    /// Uses the exact, process-local <see cref="InMemoryAllocationStrategy"/>: for tests and
    /// single-process apps. Its state is lost on restart and not shared between instances.
    /// </summary>
    /// <returns>This builder.</returns>
    public SeatAllocationBuilder UseInMemory() =>
        UseStrategy(static (services, _) => new InMemoryAllocationStrategy(services.GetService<TimeProvider>()));

    /// <summary>
    /// Registers the strategy that <see cref="IAllocationStrategy"/> (keyed by <see cref="ServiceKey"/>
    /// when one was given) resolves to, as a singleton, replacing any earlier choice: the last call
    /// wins. <see cref="IAllocationVerifier"/> and <see cref="IShowCatalog"/> are registered too (unless
    /// already registered) and resolve to the strategy, which must then implement them.
    /// </summary>
    /// <typeparam name="TStrategy">The type the factory returns; recorded as <see cref="StrategyType"/>.</typeparam>
    /// <param name="factory">Creates the strategy from the service provider and the service key.</param>
    /// <returns>This builder.</returns>
    public SeatAllocationBuilder UseStrategy<TStrategy>(Func<IServiceProvider, object?, TStrategy> factory)
        where TStrategy : class, IAllocationStrategy
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        StrategyType = typeof(TStrategy);
        if (ServiceKey is null)
        {
            Services.RemoveAll<IAllocationStrategy>();
            Services.AddSingleton<IAllocationStrategy>(services => factory(services, null));
            Services.TryAddSingleton(services => services.GetRequiredService<IAllocationStrategy>() as IAllocationVerifier
                ?? throw new InvalidOperationException($"The registered strategy does not implement {nameof(IAllocationVerifier)}; register a verifier for it."));
            Services.TryAddSingleton(services => services.GetRequiredService<IAllocationStrategy>() as IShowCatalog
                ?? throw new InvalidOperationException($"The registered strategy does not implement {nameof(IShowCatalog)}; register a catalog for it."));
        }
        else
        {
            Services.RemoveAllKeyed<IAllocationStrategy>(ServiceKey);
            Services.AddKeyedSingleton<IAllocationStrategy>(ServiceKey, (services, key) => factory(services, key));
            Services.TryAddKeyedSingleton(ServiceKey, (services, key) => services.GetRequiredKeyedService<IAllocationStrategy>(key) as IAllocationVerifier
                ?? throw new InvalidOperationException($"The registered strategy does not implement {nameof(IAllocationVerifier)}; register a verifier for it."));
            Services.TryAddKeyedSingleton(ServiceKey, (services, key) => services.GetRequiredKeyedService<IAllocationStrategy>(key) as IShowCatalog
                ?? throw new InvalidOperationException($"The registered strategy does not implement {nameof(IShowCatalog)}; register a catalog for it."));
        }

        return this;
    }

    /// <summary>
    /// Wraps the strategy chosen so far on this builder in a decorator (for example an admission
    /// gate in front of a database strategy). Registers the decorator in its place, under the same key.
    /// </summary>
    /// <typeparam name="TDecorator">The type the decorator factory returns; becomes <see cref="StrategyType"/>.</typeparam>
    /// <param name="decorator">Creates the decorator from the service provider, the service key and the inner strategy.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">No strategy was chosen on this builder before.</exception>
    public SeatAllocationBuilder Decorate<TDecorator>(Func<IServiceProvider, object?, IAllocationStrategy, TDecorator> decorator)
        where TDecorator : class, IAllocationStrategy
    {
        ArgumentNullException.ThrowIfNull(decorator);
        var inner = _factory ?? throw new InvalidOperationException(
            $"Choose the strategy to decorate first. {SeatAllocationStrategyChoices.Description}");
        return UseStrategy((services, key) => decorator(services, key, inner(services, key)));
    }
}
