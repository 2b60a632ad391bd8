using Npgsql;
using SeatAllocation.Postgres;
using StackExchange.Redis;
using WebApiSample.Health;

namespace WebApiSample.Configuration;

/// <summary>
/// Turns configuration into services: the strategy chosen by <c>SeatAllocation:Strategy</c>, the
/// servers it needs, and a readiness check for every server that is configured and for the schema.
/// </summary>
/// <remarks>
/// Everything that can be wrong with the configuration is reported here, before the app starts
/// serving, with the setting to change in the message: a strategy that needs a server fails at start
/// rather than at its first request.
/// </remarks>
internal static class SeatAllocationSetup
{
    /// <summary>The connection string names: <c>ConnectionStrings:Postgres</c> and <c>ConnectionStrings:Redis</c>.</summary>
    public const string PostgresConnectionName = "Postgres";

    /// <inheritdoc cref="PostgresConnectionName"/>
    public const string RedisConnectionName = "Redis";

    /// <summary>Registers SeatAllocation and its servers as configured.</summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>A task that completes when Redis (if configured) is connected.</returns>
    /// <exception cref="InvalidOperationException">The configuration names an unknown strategy, or one whose server is missing or does not answer.</exception>
    public static async Task AddSeatAllocationFromConfigurationAsync(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var strategy = StrategyChoice.Read(configuration);
        var postgres = configuration.GetConnectionString(PostgresConnectionName);
        var redis = configuration.GetConnectionString(RedisConnectionName);
        var section = configuration.GetSection(SeatAllocationApiOptions.SectionName);

        services.AddOptions<SeatAllocationApiOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(strategy);
        services.AddHostedService<StrategyStartupLog>();
        var health = services.AddHealthChecks();

        if (!string.IsNullOrWhiteSpace(postgres))
        {
            // Registered by factory so the container disposes the pool at shutdown, and logging
            // through the app's loggers (category "Npgsql.*"). The check runs before the library's
            // schema migration (hosted services start in registration order) and turns "connection
            // refused" into a message that names the setting.
            services.AddSingleton(provider => new NpgsqlDataSourceBuilder(postgres)
                .UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>())
                .Build());
            services.AddHostedService<PostgresStartupCheck>();
            health.AddCheck<PostgresHealthCheck>("postgres", tags: [HealthTags.Ready], timeout: TimeSpan.FromSeconds(5));

            // LockTimeout, ExpiredHoldSweepInterval, … (SeatAllocation:Postgres:*), the optimistic
            // strategy's retry budget (SeatAllocation:Optimistic:*) and the group-commit batch size
            // (SeatAllocation:GroupCommit:MaxBatchSize), as the library names them.
            services.Configure<PostgresAllocationOptions>(section.GetSection("Postgres"));
            services.Configure<OptimisticConcurrencyOptions>(section.GetSection("Optimistic"));
            services.Configure<GroupCommitOptions>(section.GetSection("GroupCommit"));
        }

        if (!string.IsNullOrWhiteSpace(redis))
        {
            var multiplexer = await ConnectRedisAsync(redis).ConfigureAwait(false);
            services.AddSingleton<IConnectionMultiplexer>(_ => multiplexer);
            health.AddCheck<RedisHealthCheck>("redis", tags: [HealthTags.Ready], timeout: TimeSpan.FromSeconds(5));
        }

        // Only a strategy that stores seats in PostgreSQL needs the schema: a connection string
        // configured beside the in-memory strategy is checked for an answer, not for tables.
        if (strategy.Kind != AllocationStrategyKind.InMemory)
        {
            health.AddCheck<PostgresSchemaHealthCheck>("schema", tags: [HealthTags.Ready], timeout: TimeSpan.FromSeconds(5));
        }

        // Whether a show has a seat map, remembered per show: a quantity request on one is best-available.
        services.AddSingleton<WebApiSample.Endpoints.SeatMapLookup>();

        var seats = services.AddSeatAllocation();
        switch (strategy.Kind)
        {
            case AllocationStrategyKind.InMemory:
                seats.UseInMemory();
                break;
            case AllocationStrategyKind.Pessimistic:
                RequirePostgres(strategy, postgres);
                seats.UsePostgres().UsePessimisticLocking();
                break;
            case AllocationStrategyKind.Optimistic:
                RequirePostgres(strategy, postgres);
                seats.UsePostgres().UseOptimisticConcurrency();
                break;
            case AllocationStrategyKind.GroupCommit:
                RequirePostgres(strategy, postgres);
                seats.UsePostgres().UseGroupCommit();
                break;
            case AllocationStrategyKind.RedisAdmission:
                RequirePostgres(strategy, postgres);
                RequireRedis(strategy, redis);
                // Resolves the IConnectionMultiplexer registered above; Redis settings come from
                // SeatAllocation:Redis:* (KeyPrefix, FailurePolicy, OperationTimeout, …).
                seats.UsePostgres().UsePessimisticLocking().UseRedisAdmission();
                services.Configure<SeatAllocation.Redis.RedisAdmissionOptions>(section.GetSection("Redis"));
                break;
            default:
                throw new InvalidOperationException($"Unhandled strategy {strategy.Kind}.");
        }
    }

    private static void RequirePostgres(StrategyChoice strategy, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{StrategyChoice.ConfigurationKey} is {strategy.Kind}, which stores seats in PostgreSQL, but ConnectionStrings:{PostgresConnectionName} is not set. " +
                $"Set it to an Npgsql connection string (environment variable ConnectionStrings__{PostgresConnectionName}, " +
                "e.g. \"Host=127.0.0.1;Username=postgres;Password=…;Database=seats\"), " +
                $"or set {StrategyChoice.ConfigurationKey} to {AllocationStrategyKind.InMemory}.");
        }
    }

    private static void RequireRedis(StrategyChoice strategy, string? configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            throw new InvalidOperationException(
                $"{StrategyChoice.ConfigurationKey} is {strategy.Kind}, which admits requests through Redis, but ConnectionStrings:{RedisConnectionName} is not set. " +
                $"Set it to a StackExchange.Redis configuration string (environment variable ConnectionStrings__{RedisConnectionName}, e.g. \"127.0.0.1:6379\"), " +
                $"or choose {AllocationStrategyKind.Pessimistic} or {AllocationStrategyKind.Optimistic}.");
        }
    }

    private static async Task<ConnectionMultiplexer> ConnectRedisAsync(string configuration)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"ConnectionStrings:{RedisConnectionName} is not a valid StackExchange.Redis configuration string: {ex.Message}", ex);
        }

        try
        {
            return await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        }
        catch (RedisConnectionException ex)
        {
            // Only the endpoints: the configuration string may carry a password.
            throw new InvalidOperationException(
                $"Could not connect to Redis at {string.Join(", ", options.EndPoints)} (ConnectionStrings:{RedisConnectionName}): {ex.Message} " +
                "Start the server, fix the setting, or add abortConnect=false to start while Redis is down.",
                ex);
        }
    }
}
