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
    /// <exception cref="InvalidOperationException">No strategy was chosen before.</exception>
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
        var name = builder.OptionsName;
        var options = builder.Services.AddOptions<RedisAdmissionOptions>(name).ValidateDataAnnotations().ValidateOnStart();
        options.Validate(
            o => o.OperationTimeout < o.AdmissionTimeout,
            $"{nameof(RedisAdmissionOptions.OperationTimeout)} must be shorter than {nameof(RedisAdmissionOptions.AdmissionTimeout)}: an admission must outlive the calls that commit it.");
        if (configure is not null)
        {
            options.Configure(configure);
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

        if (builder.ServiceKey is { } serviceKey)
        {
            builder.Services.RemoveAllKeyed<RedisSeatLeases>(serviceKey);
            builder.Services.AddKeyedSingleton(serviceKey, (services, key) => Admission(services.GetRequiredKeyedService<IAllocationStrategy>(key)).Leases);
        }
        else
        {
            builder.Services.RemoveAll<RedisSeatLeases>();
            builder.Services.AddSingleton(services => Admission(services.GetRequiredService<IAllocationStrategy>()).Leases);
        }

        return builder;
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
