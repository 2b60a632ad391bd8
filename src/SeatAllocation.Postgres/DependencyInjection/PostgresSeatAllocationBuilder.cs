using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SeatAllocation.Postgres;

/// <summary>
/// Chooses which PostgreSQL strategy a <see cref="SeatAllocationBuilder"/> registers. Returned by
/// <c>UsePostgres(dataSource)</c>.
/// </summary>
/// <remarks>
/// Every choice also registers <see cref="PostgresAllocationOptions"/> (validated when the host
/// starts), a hosted service that migrates the schema at start, and the expired-hold sweeper. Choosing
/// again replaces the strategy and the database its hosted services use; they are not added twice.
/// </remarks>
public sealed class PostgresSeatAllocationBuilder
{
    private readonly SeatAllocationBuilder _builder;
    private readonly NpgsqlDataSource? _dataSource;

    internal PostgresSeatAllocationBuilder(SeatAllocationBuilder builder, NpgsqlDataSource? dataSource)
    {
        _builder = builder;
        _dataSource = dataSource;
    }

    /// <summary>Uses <see cref="PessimisticAllocationStrategy"/>: <c>SELECT … FOR UPDATE</c> in one transaction.</summary>
    /// <param name="configure">Adjusts schema, lock timeout and sweeper settings.</param>
    /// <returns>The parent builder.</returns>
    public SeatAllocationBuilder UsePessimisticLocking(Action<PostgresAllocationOptions>? configure = null)
    {
        AddStorage(configure);
        return _builder.UseStrategy((services, key) =>
        {
            var storage = Storage(services, key);
            return new PessimisticAllocationStrategy(storage.DataSource, storage.Options, services.GetService<TimeProvider>());
        });
    }

    /// <summary>Uses <see cref="OptimisticAllocationStrategy"/>: versioned conditional updates with bounded, jittered retries.</summary>
    /// <param name="configureRetry">Adjusts the retry budget and backoff.</param>
    /// <param name="configure">Adjusts schema, lock timeout and sweeper settings.</param>
    /// <returns>The parent builder.</returns>
    public SeatAllocationBuilder UseOptimisticConcurrency(Action<OptimisticConcurrencyOptions>? configureRetry = null, Action<PostgresAllocationOptions>? configure = null)
    {
        return UseTunedStrategy(configure, configureRetry, static (storage, retry, timeProvider) =>
            new OptimisticAllocationStrategy(storage.DataSource, storage.Options, retry, timeProvider));
    }

    /// <summary>
    /// Uses <see cref="GroupCommitAllocationStrategy"/>: concurrent requests for one show are decided
    /// together, one round trip and one commit per batch. The choice for hot shows.
    /// </summary>
    /// <param name="configureBatches">Adjusts the batch size.</param>
    /// <param name="configure">Adjusts schema, lock timeout and sweeper settings.</param>
    /// <returns>The parent builder.</returns>
    public SeatAllocationBuilder UseGroupCommit(Action<GroupCommitOptions>? configureBatches = null, Action<PostgresAllocationOptions>? configure = null)
    {
        return UseTunedStrategy(configure, configureBatches, static (storage, batches, timeProvider) =>
            new GroupCommitAllocationStrategy(storage.DataSource, storage.Options, batches, timeProvider));
    }

    /// <summary>Registers a strategy that takes options of its own besides <see cref="PostgresAllocationOptions"/>.</summary>
    private SeatAllocationBuilder UseTunedStrategy<TOptions, TStrategy>(
        Action<PostgresAllocationOptions>? configure,
        Action<TOptions>? configureTuning,
        Func<PostgresStorage, TOptions, TimeProvider?, TStrategy> create)
        where TOptions : class
        where TStrategy : class, IAllocationStrategy
    {
        AddStorage(configure);
        AddValidatedOptions(configureTuning);
        var name = _builder.OptionsName;
        return _builder.UseStrategy((services, key) => create(
            Storage(services, key),
            services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name),
            services.GetService<TimeProvider>()));
    }

    private static PostgresStorage Storage(IServiceProvider services, object? key) =>
        key is null ? services.GetRequiredService<PostgresStorage>() : services.GetRequiredKeyedService<PostgresStorage>(key);

    // Options are validated by their own rules (data annotations and IValidatableObject), the same
    // ones the strategies' constructors apply.
    private void AddValidatedOptions<TOptions>(Action<TOptions>? configure)
        where TOptions : class
    {
        var options = _builder.Services.AddOptions<TOptions>(_builder.OptionsName).ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
    }

    private void AddStorage(Action<PostgresAllocationOptions>? configure)
    {
        AddValidatedOptions(configure);
        var services = _builder.Services;
        var key = _builder.ServiceKey;
        var name = _builder.OptionsName;
        var dataSource = _dataSource;
        PostgresStorage Create(IServiceProvider provider) => new(
            DataSource(provider, key, dataSource),
            provider.GetRequiredService<IOptionsMonitor<PostgresAllocationOptions>>().Get(name));

        // The latest UsePostgres(...) choice of a registration decides which database its strategy
        // and hosted services use; the hosted services are added with the first choice only (as
        // plain IHostedService singletons, because AddHostedService de-duplicates by type and keyed
        // registrations each need their own).
        var firstChoice = !services.Any(d => d.ServiceType == typeof(PostgresStorage) && Equals(d.ServiceKey, key));
        if (key is null)
        {
            services.RemoveAll<PostgresStorage>();
            services.AddSingleton(Create);
        }
        else
        {
            services.RemoveAllKeyed<PostgresStorage>(key);
            services.AddKeyedSingleton(key, (provider, _) => Create(provider));
        }

        if (!firstChoice)
        {
            return;
        }

        services.AddSingleton<IHostedService>(provider =>
        {
            var storage = Storage(provider, key);
            return new SchemaMigrationService(storage.DataSource, storage.Options);
        });
        services.AddSingleton<IHostedService>(provider =>
        {
            var storage = Storage(provider, key);
            var timeProvider = provider.GetService<TimeProvider>() ?? TimeProvider.System;
            return new ExpiredHoldSweeperService(
                new ExpiredHoldSweeper(storage.DataSource, storage.Options, timeProvider),
                storage.Options.ExpiredHoldSweepInterval,
                timeProvider,
                provider.GetService<ILogger<ExpiredHoldSweeperService>>() ?? NullLogger<ExpiredHoldSweeperService>.Instance);
        });
    }

    private static NpgsqlDataSource DataSource(IServiceProvider services, object? key, NpgsqlDataSource? given) =>
        given
        ?? (key is null ? null : services.GetKeyedService<NpgsqlDataSource>(key))
        ?? services.GetService<NpgsqlDataSource>()
        ?? throw new InvalidOperationException(
            "No NpgsqlDataSource for SeatAllocation: pass one to UsePostgres(dataSource) or register an NpgsqlDataSource in the service collection.");
}
