using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SeatAllocation.Postgres;
using SeatAllocation.Servers;
using SeatAllocation.Testing;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.DependencyInjection;

public sealed class PostgresRegistrationTests
{
    [Fact]
    public async Task Starting_the_host_migrates_the_schema_and_the_registered_strategy_books_seats()
    {
        var dataSource = await TestPostgres.GetDataSourceAsync();
        var schema = $"di_{Guid.NewGuid():N}";
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSeatAllocation().UsePostgres(dataSource).UsePessimisticLocking(o => o.Schema = schema);
        using var host = builder.Build();

        await host.StartAsync();
        var strategy = host.Services.GetRequiredService<IAllocationStrategy>();
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1"));
        var booking = await strategy.BookAsync(AllocationRequest.ForSeats(showId, "r1", "ada", "A1"));
        await host.StopAsync();

        Assert.Equal(PessimisticAllocationStrategy.StrategyName, strategy.Name);
        Assert.True(booking.Succeeded);
        Assert.Equal(1L, await ScalarAsync<long>(dataSource, $"SELECT count(*) FROM {schema}.allocations"));
        Assert.True((await host.Services.GetRequiredService<IAllocationVerifier>().VerifyAsync(showId)).IsValid);
    }

    [Fact]
    public async Task Keyed_registrations_let_several_strategies_live_in_one_container()
    {
        var services = new ServiceCollection();
        services.AddSingleton(await PostgresTestDatabase.GetAsync());
        services.AddSeatAllocation("pessimistic").UsePostgres().UsePessimisticLocking();
        services.AddSeatAllocation("optimistic").UsePostgres().UseOptimisticConcurrency(retry => retry.MaxRetries = 3);
        services.AddSeatAllocation("memory").UseInMemory();
        await using var provider = services.BuildServiceProvider();

        Assert.Equal("pessimistic", provider.GetRequiredKeyedService<IAllocationStrategy>("pessimistic").Name);
        Assert.Equal("optimistic", provider.GetRequiredKeyedService<IAllocationStrategy>("optimistic").Name);
        Assert.Equal("in-memory", provider.GetRequiredKeyedService<IAllocationStrategy>("memory").Name);
        Assert.Null(provider.GetService<IAllocationStrategy>());
        Assert.Equal(3, provider.GetRequiredService<IOptionsMonitor<OptimisticConcurrencyOptions>>().Get("optimistic").MaxRetries);
        Assert.Same(provider.GetRequiredKeyedService<IAllocationStrategy>("optimistic"), provider.GetRequiredKeyedService<IAllocationVerifier>("optimistic"));
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_at_start_naming_the_setting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSeatAllocation().UsePostgres(await TestPostgres.GetDataSourceAsync())
            .UseOptimisticConcurrency(retry => retry.MaxRetries = -1, o => o.LockTimeout = TimeSpan.Zero);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.Contains("LockTimeout", StringComparison.Ordinal) || f.Contains("MaxRetries", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Choosing_again_replaces_the_strategy_without_duplicating_the_hosted_services()
    {
        var services = new ServiceCollection();
        var builder = services.AddSeatAllocation();
        builder.UsePostgres(await PostgresTestDatabase.GetAsync()).UsePessimisticLocking();
        builder.UsePostgres(await PostgresTestDatabase.GetAsync()).UseOptimisticConcurrency();
        await using var provider = services.BuildServiceProvider();

        Assert.Equal("optimistic", provider.GetRequiredService<IAllocationStrategy>().Name);
        Assert.Equal(2, provider.GetServices<IHostedService>().Count());
    }

    [Fact]
    public async Task Without_a_data_source_the_strategy_says_how_to_provide_one()
    {
        var services = new ServiceCollection();
        services.AddSeatAllocation().UsePostgres().UsePessimisticLocking();
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IAllocationStrategy>());

        Assert.Contains("NpgsqlDataSource", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Group_commit_is_chosen_through_di_with_its_batch_size_validated_at_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSeatAllocation().UsePostgres(await PostgresTestDatabase.GetAsync()).UseGroupCommit(batches => batches.MaxBatchSize = 8);
        using var host = builder.Build();
        await host.StartAsync();
        var strategy = host.Services.GetRequiredService<IAllocationStrategy>();
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 3));

        var results = await Concurrency.RaceAsync(20, i => strategy.BookAsync(AllocationRequest.ForQuantity(showId, $"r{i}", $"u{i}", 1)));
        await host.StopAsync();

        Assert.Equal(GroupCommitAllocationStrategy.StrategyName, strategy.Name);
        Assert.Equal(3, results.Count(r => r.Succeeded));
        Assert.Equal(8, host.Services.GetRequiredService<IOptionsMonitor<GroupCommitOptions>>().CurrentValue.MaxBatchSize);

        var invalid = Host.CreateApplicationBuilder();
        invalid.Services.AddSeatAllocation().UsePostgres(await PostgresTestDatabase.GetAsync()).UseGroupCommit(batches => batches.MaxBatchSize = 0);
        using var invalidHost = invalid.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => invalidHost.StartAsync());
        Assert.Contains(nameof(GroupCommitOptions.MaxBatchSize), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_size_out_of_range_is_refused_by_the_constructor_naming_the_field()
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        var error = Assert.Throws<ArgumentException>(() => new GroupCommitAllocationStrategy(dataSource, groupCommit: new GroupCommitOptions { MaxBatchSize = 5000 }));
        Assert.Equal(nameof(GroupCommitOptions.MaxBatchSize), error.ParamName);
    }

    [Fact]
    public async Task Keys_1_and_text_1_get_their_own_strategy_options_and_hosted_services()
    {
        var services = new ServiceCollection();
        services.AddSingleton(await PostgresTestDatabase.GetAsync());
        var number = services.AddSeatAllocation(1).UsePostgres().UseOptimisticConcurrency(retry => retry.MaxRetries = 1);
        var text = services.AddSeatAllocation("1").UsePostgres().UseOptimisticConcurrency(retry => retry.MaxRetries = 9);
        await using var provider = services.BuildServiceProvider();

        var retries = provider.GetRequiredService<IOptionsMonitor<OptimisticConcurrencyOptions>>();
        Assert.Equal(1, retries.Get(number.OptionsName).MaxRetries);
        Assert.Equal(9, retries.Get(text.OptionsName).MaxRetries);
        Assert.NotSame(provider.GetRequiredKeyedService<IAllocationStrategy>(1), provider.GetRequiredKeyedService<IAllocationStrategy>("1"));
        Assert.Equal(4, provider.GetServices<IHostedService>().Count());
    }

    [Fact]
    public async Task No_builder_object_is_stored_in_the_container()
    {
        var services = new ServiceCollection();
        services.AddSingleton(await PostgresTestDatabase.GetAsync());
        services.AddSeatAllocation().UsePostgres().UsePessimisticLocking();
        services.AddSeatAllocation("sale").UsePostgres().UseGroupCommit();

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(PostgresSeatAllocationBuilder) || d.ServiceType == typeof(SeatAllocationBuilder)
            || (d.IsKeyedService ? d.KeyedImplementationInstance : d.ImplementationInstance) is PostgresSeatAllocationBuilder or SeatAllocationBuilder);
    }

    [Fact]
    public async Task The_retry_delay_rule_is_the_same_through_di_and_the_constructor()
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        var invalid = new OptimisticConcurrencyOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromMilliseconds(1) };
        var fromConstructor = Assert.Throws<ArgumentException>(() => new OptimisticAllocationStrategy(dataSource, retry: invalid));

        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSeatAllocation().UsePostgres(dataSource)
            .UseOptimisticConcurrency(retry => (retry.BaseDelay, retry.MaxDelay) = (invalid.BaseDelay, invalid.MaxDelay), o => o.MigrateSchemaOnStart = false);
        using var host = builder.Build();
        var fromHost = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        const string rule = "MaxDelay must not be shorter than BaseDelay.";
        Assert.Equal(nameof(OptimisticConcurrencyOptions.MaxDelay), fromConstructor.ParamName);
        Assert.Contains(rule, fromConstructor.Message, StringComparison.Ordinal);
        Assert.Contains(fromHost.Failures, f => f.Contains(rule, StringComparison.Ordinal));
    }
}
