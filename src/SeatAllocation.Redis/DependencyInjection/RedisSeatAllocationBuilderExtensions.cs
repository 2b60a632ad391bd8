using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeatAllocation;
using SeatAllocation.Redis;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Redis admission control to <see cref="SeatAllocationBuilder"/>.</summary>
public static class RedisSeatAllocationBuilderExtensions
{
    /// <summary>
    /// Puts a <see cref="RedisAdmissionStrategy"/> in front of the strategy chosen so far (which must
    /// be able to snapshot shows: the PostgreSQL strategies can), and registers its
    /// <see cref="RedisSeatLeases"/> and <see cref="RedisAdmissionOptions"/> (validated when the host starts).
    /// </summary>
    /// <param name="builder">The builder, after a PostgreSQL strategy was chosen.</param>
    /// <param name="redis">
    /// The Redis connection, or <see langword="null"/> to resolve one from the container: an
    /// <see cref="IDatabase"/> first (so its key prefix applies), then an <see cref="IConnectionMultiplexer"/>,
    /// each keyed by the builder's service key first, then unkeyed.
    /// </param>
    /// <param name="configure">Adjusts key prefix, timeouts and the failure policy.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">
    /// No strategy was chosen on this builder before, or the chosen one cannot snapshot and verify shows
    /// (the in-memory strategy, for example), so Redis could not be rebuilt from it.
    /// </exception>
    /// <example>
    /// <code>
    /// services.AddSeatAllocation()
    ///     .UsePostgres(dataSource)
    ///     .UsePessimisticLocking()
    ///     .UseRedisAdmission(await ConnectionMultiplexer.ConnectAsync("localhost:6379"), o => o.FailurePolicy = RedisFailurePolicy.FailOpen);
    /// </code>
    /// </example>
    public static SeatAllocationBuilder UseRedisAdmission(this SeatAllocationBuilder builder, IConnectionMultiplexer? redis = null, Action<RedisAdmissionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var checkInnerAtStart = ThrowIfInnerCannotRebuildRedis(builder);
        var name = builder.OptionsName;

        // The same rules as the constructor's (data annotations and RedisAdmissionOptions.Validate).
        var options = builder.Services.AddOptions<RedisAdmissionOptions>(name).ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (checkInnerAtStart)
        {
            // Its own options type: resolving the gate reads RedisAdmissionOptions, so checking it
            // while those options are being validated would recurse.
            var registrationKey = builder.ServiceKey;
            builder.Services.AddOptions<InnerStrategyCheck>(name)
                .Validate<IServiceProvider>(
                    (_, services) => InnerCanRebuildRedis(services, registrationKey),
                    "UseRedisAdmission() needs an inner strategy that implements IShowSnapshotSource and IAllocationVerifier, so Redis can be rebuilt from it and verified; " +
                    "the chosen one does not. Choose a PostgreSQL strategy first: .UsePostgres(dataSource).UsePessimisticLocking(), .UseOptimisticConcurrency() or .UseGroupCommit().")
                .ValidateOnStart();
        }

        builder.Decorate((services, key, inner) =>
        {
            var settings = services.GetRequiredService<IOptionsMonitor<RedisAdmissionOptions>>().Get(name);
            return new RedisAdmissionStrategy(
                inner,
                Database(services, key, redis, settings),
                settings,
                services.GetService<TimeProvider>(),
                services.GetService<ILoggerFactory>()?.CreateLogger<RedisAdmissionStrategy>());
        });

        // The leases resolve from whatever the key's strategy is when they are resolved, so one
        // registration serves every later UseRedisAdmission() call; an app's own registration wins.
        if (builder.ServiceKey is { } serviceKey)
        {
            builder.Services.TryAddKeyedSingleton(serviceKey, (services, key) => Admission(services.GetRequiredKeyedService<IAllocationStrategy>(key)).Leases);
        }
        else
        {
            builder.Services.TryAddSingleton(services => Admission(services.GetRequiredService<IAllocationStrategy>()).Leases);
        }

        return builder;
    }

    // The gate rebuilds Redis from the inner strategy's snapshots and verifies through it; refusing
    // an inner strategy without them here turns a first-request failure into a registration error.
    // When the factory declares only IAllocationStrategy (or a type that a subclass could complete),
    // the answer is true: check the built strategy when the host starts.
    private static bool ThrowIfInnerCannotRebuildRedis(SeatAllocationBuilder builder)
    {
        if (builder.StrategyType is not { } inner)
        {
            throw new InvalidOperationException(
                "UseRedisAdmission() puts Redis admission in front of a PostgreSQL strategy, and none was chosen on this builder: " +
                "call .UsePostgres(dataSource).UsePessimisticLocking(), .UseOptimisticConcurrency() or .UseGroupCommit() before it.");
        }

        var sealedOrFinal = inner.IsSealed || inner.IsValueType;
        var missing = new[] { typeof(IShowSnapshotSource), typeof(IAllocationVerifier) }.Where(contract => !contract.IsAssignableFrom(inner)).ToList();
        if (sealedOrFinal && missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"UseRedisAdmission() needs an inner strategy that implements {string.Join(" and ", missing.Select(t => t.Name))}, so Redis can be rebuilt from it and verified; " +
                $"the chosen {inner.Name} does not. Choose a PostgreSQL strategy first: .UsePostgres(dataSource).UsePessimisticLocking(), .UseOptimisticConcurrency() or .UseGroupCommit().");
        }

        return missing.Count > 0;
    }

    private static bool InnerCanRebuildRedis(IServiceProvider services, object? key)
    {
        try
        {
            _ = key is null ? services.GetRequiredService<IAllocationStrategy>() : services.GetRequiredKeyedService<IAllocationStrategy>(key);
            return true;
        }
        catch (ArgumentException ex) when (ex.ParamName == "inner")
        {
            return false;
        }
    }

    private static RedisAdmissionStrategy Admission(IAllocationStrategy strategy) =>
        strategy as RedisAdmissionStrategy
        ?? throw new InvalidOperationException($"The registered strategy is {strategy.Name}, not Redis admission; call UseRedisAdmission() last.");

    private static IDatabaseAsync Database(IServiceProvider services, object? key, IConnectionMultiplexer? redis, RedisAdmissionOptions settings)
    {
        if (redis is not null)
        {
            return redis.GetDatabase(settings.Database);
        }

        var database = (key is null ? null : services.GetKeyedService<IDatabase>(key)) ?? services.GetService<IDatabase>();
        if (database is not null)
        {
            return database;
        }

        var multiplexer = (key is null ? null : services.GetKeyedService<IConnectionMultiplexer>(key)) ?? services.GetService<IConnectionMultiplexer>()
            ?? throw new InvalidOperationException(
                "No Redis connection for SeatAllocation's Redis admission: pass an IConnectionMultiplexer to UseRedisAdmission(redis), or register an IDatabase or IConnectionMultiplexer in the service collection.");
        return multiplexer.GetDatabase(settings.Database);
    }
}
