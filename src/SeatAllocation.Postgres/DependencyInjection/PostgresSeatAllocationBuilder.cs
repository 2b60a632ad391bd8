using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SeatAllocation.Postgres;

/// <summary>
/// Chooses which PostgreSQL strategy a <see cref="SeatAllocationBuilder"/> registers. Returned by
/// <c>UsePostgres(dataSource)</c>.
/// </summary>
/// <remarks>
/// Either choice also registers <see cref="PostgresAllocationOptions"/> (validated when the host
/// starts), a hosted service that migrates the schema at start, and the expired-hold sweeper.
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
        AddShared(configure);
        return _builder.UseStrategy((services, key) =>
            new PessimisticAllocationStrategy(DataSource(services, key), Options(services), services.GetService<TimeProvider>()));
    }

    /// <summary>Uses <see cref="OptimisticAllocationStrategy"/>: versioned conditional updates with bounded, jittered retries.</summary>
    /// <param name="configureRetry">Adjusts the retry budget and backoff.</param>
    /// <param name="configure">Adjusts schema, lock timeout and sweeper settings.</param>
    /// <returns>The parent builder.</returns>
    public SeatAllocationBuilder UseOptimisticConcurrency(Action<OptimisticConcurrencyOptions>? configureRetry = null, Action<PostgresAllocationOptions>? configure = null)
    {
        AddShared(configure);
        var retry = _builder.Services.AddOptions<OptimisticConcurrencyOptions>(_builder.OptionsName).ValidateDataAnnotations().ValidateOnStart();
        retry.Validate(o => o.MaxDelay >= o.BaseDelay, $"{nameof(OptimisticConcurrencyOptions.MaxDelay)} must not be shorter than {nameof(OptimisticConcurrencyOptions.BaseDelay)}.");
        if (configureRetry is not null)
        {
            retry.Configure(configureRetry);
        }

        return _builder.UseStrategy((services, key) => new OptimisticAllocationStrategy(
            DataSource(services, key),
            Options(services),
            services.GetRequiredService<IOptionsMonitor<OptimisticConcurrencyOptions>>().Get(_builder.OptionsName),
            services.GetService<TimeProvider>()));
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
        AddShared(configure);
        var batches = _builder.Services.AddOptions<GroupCommitOptions>(_builder.OptionsName).ValidateDataAnnotations().ValidateOnStart();
        if (configureBatches is not null)
        {
            batches.Configure(configureBatches);
        }

        return _builder.UseStrategy((services, key) => new GroupCommitAllocationStrategy(
            DataSource(services, key),
            Options(services),
            services.GetRequiredService<IOptionsMonitor<GroupCommitOptions>>().Get(_builder.OptionsName),
            services.GetService<TimeProvider>()));
    }

    private void AddShared(Action<PostgresAllocationOptions>? configure)
    {
        var services = _builder.Services;
        var options = services.AddOptions<PostgresAllocationOptions>(_builder.OptionsName).ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        // The latest UsePostgres(...) call of a registration decides which database its hosted
        // services use; they are added once per registration (keyed ones each get their own), as
        // plain IHostedService singletons because AddHostedService de-duplicates by type.
        var name = _builder.OptionsName;
        var key = _builder.ServiceKey;
        var firstCall = !services.Any(d => d.ServiceType == typeof(PostgresSeatAllocationBuilder) && Equals(d.ServiceKey, name));
        services.RemoveAllKeyed<PostgresSeatAllocationBuilder>(name);
        services.AddKeyedSingleton(name, this);
        if (!firstCall)
        {
            return;
        }

        services.AddSingleton<IHostedService>(provider =>
        {
            var latest = provider.GetRequiredKeyedService<PostgresSeatAllocationBuilder>(name);
            return new SchemaMigrationService(latest.DataSource(provider, key), latest.Options(provider));
        });
        services.AddSingleton<IHostedService>(provider =>
        {
            var latest = provider.GetRequiredKeyedService<PostgresSeatAllocationBuilder>(name);
            var settings = latest.Options(provider);
            var timeProvider = provider.GetService<TimeProvider>() ?? TimeProvider.System;
            return new ExpiredHoldSweeperService(
                new ExpiredHoldSweeper(latest.DataSource(provider, key), settings, timeProvider),
                settings.ExpiredHoldSweepInterval,
                timeProvider,
                provider.GetService<ILogger<ExpiredHoldSweeperService>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<ExpiredHoldSweeperService>.Instance);
        });
    }

    private PostgresAllocationOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptionsMonitor<PostgresAllocationOptions>>().Get(_builder.OptionsName);

    private NpgsqlDataSource DataSource(IServiceProvider services, object? key) =>
        _dataSource
        ?? (key is null ? null : services.GetKeyedService<NpgsqlDataSource>(key))
        ?? services.GetService<NpgsqlDataSource>()
        ?? throw new InvalidOperationException(
            "No NpgsqlDataSource for SeatAllocation: pass one to UsePostgres(dataSource) or register an NpgsqlDataSource in the service collection.");
}
