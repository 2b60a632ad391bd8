using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SeatAllocation.Postgres;
using SeatAllocation.Servers;
using StackExchange.Redis;

namespace SeatAllocation.Redis.Tests.DependencyInjection;

public sealed class RedisRegistrationTests
{
    [Fact]
    public async Task UseRedisAdmission_puts_the_gate_in_front_of_the_chosen_postgres_strategy()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IConnectionMultiplexer>(await TestRedis.GetMultiplexerAsync());
        builder.Services.AddSeatAllocation().UsePostgres(await RedisTestEnvironment.GetDataSourceAsync()).UseOptimisticConcurrency().UseRedisAdmission(configure: o => o.KeyPrefix = "di-test:");
        using var host = builder.Build();
        await host.StartAsync();

        var strategy = Assert.IsType<RedisAdmissionStrategy>(host.Services.GetRequiredService<IAllocationStrategy>());
        var showId = RedisTestEnvironment.NewId("di");
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1"));
        var lease = await host.Services.GetRequiredService<RedisSeatLeases>().AcquireAsync(showId, "ada", ["A1"], TimeSpan.FromMinutes(1));
        var booking = await strategy.BookAsync(AllocationRequest.ForSeats(showId, "r1", "ada", "A1"));
        await host.StopAsync();

        Assert.Equal(OptimisticAllocationStrategy.StrategyName, strategy.Inner.Name);
        Assert.True(lease.Succeeded);
        Assert.True(booking.Succeeded);
        Assert.Same(strategy, host.Services.GetRequiredService<IAllocationVerifier>());
        var redis = (await TestRedis.GetMultiplexerAsync()).GetDatabase();
        Assert.True(await redis.KeyExistsAsync($"di-test:{{{showId}}}:show"));
    }

    [Fact]
    public async Task A_keyed_registration_resolves_its_keyed_redis_database()
    {
        var services = new ServiceCollection();
        services.AddKeyedSingleton<IDatabase>("sale", (await TestRedis.GetMultiplexerAsync()).GetDatabase());
        services.AddSeatAllocation("sale").UsePostgres(await RedisTestEnvironment.GetDataSourceAsync()).UsePessimisticLocking().UseRedisAdmission();
        await using var provider = services.BuildServiceProvider();

        var strategy = Assert.IsType<RedisAdmissionStrategy>(provider.GetRequiredKeyedService<IAllocationStrategy>("sale"));
        Assert.Same(strategy.Leases, provider.GetRequiredKeyedService<RedisSeatLeases>("sale"));
        Assert.Null(provider.GetService<IAllocationStrategy>());
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_at_start_naming_the_setting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSeatAllocation().UsePostgres(await RedisTestEnvironment.GetDataSourceAsync()).UsePessimisticLocking()
            .UseRedisAdmission(await TestRedis.GetMultiplexerAsync(), o => o.OperationTimeout = TimeSpan.FromMinutes(5));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.Contains(nameof(RedisAdmissionOptions.OperationTimeout), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_redis_connection_resolving_says_how_to_provide_one()
    {
        var services = new ServiceCollection();
        services.AddSeatAllocation().UsePostgres(await RedisTestEnvironment.GetDataSourceAsync()).UsePessimisticLocking().UseRedisAdmission();
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IAllocationStrategy>());

        Assert.Contains("IConnectionMultiplexer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_front_of_the_in_memory_strategy_it_refuses_at_registration_naming_what_is_missing()
    {
        var services = new ServiceCollection();
        var seats = services.AddSeatAllocation().UseInMemory();
        var redis = await TestRedis.GetMultiplexerAsync();

        var error = Assert.Throws<InvalidOperationException>(() => seats.UseRedisAdmission(redis));

        Assert.Contains(nameof(IShowSnapshotSource), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(InMemoryAllocationStrategy), error.Message, StringComparison.Ordinal);
        Assert.Contains(".UsePostgres(dataSource).UsePessimisticLocking()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_strategy_chosen_first_it_refuses_at_registration()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddSeatAllocation().UseRedisAdmission());

        Assert.Contains(".UsePostgres(dataSource)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_front_of_a_strategy_whose_type_is_known_only_when_built_it_fails_at_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSeatAllocation()
            .UseStrategy<IAllocationStrategy>((_, _) => new InMemoryAllocationStrategy())
            .UseRedisAdmission(await TestRedis.GetMultiplexerAsync());
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.Contains("IShowSnapshotSource", StringComparison.Ordinal) && f.Contains(".UsePostgres(dataSource)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_timeout_rule_is_the_same_through_di_and_the_constructor()
    {
        const string rule = "OperationTimeout must be shorter than AdmissionTimeout";
        var inner = new PessimisticAllocationStrategy(await RedisTestEnvironment.GetDataSourceAsync());
        var invalid = new RedisAdmissionOptions { OperationTimeout = TimeSpan.FromSeconds(30), AdmissionTimeout = TimeSpan.FromSeconds(30) };

        var redis = await RedisTestEnvironment.GetRedisAsync();
        var fromConstructor = Assert.Throws<ArgumentException>(() => new RedisAdmissionStrategy(inner, redis, invalid));
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSeatAllocation().UsePostgres(await RedisTestEnvironment.GetDataSourceAsync()).UsePessimisticLocking(o => o.MigrateSchemaOnStart = false)
            .UseRedisAdmission(await TestRedis.GetMultiplexerAsync(), o => (o.OperationTimeout, o.AdmissionTimeout) = (invalid.OperationTimeout, invalid.AdmissionTimeout));
        using var host = builder.Build();
        var fromHost = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(nameof(RedisAdmissionOptions.OperationTimeout), fromConstructor.ParamName);
        Assert.Contains(rule, fromConstructor.Message, StringComparison.Ordinal);
        Assert.Contains(fromHost.Failures, f => f.Contains(rule, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_leases_registration_yields_to_the_apps_own()
    {
        var own = (await RedisTestEnvironment.CreateStrategyAsync()).Leases;
        var services = new ServiceCollection();
        services.AddSingleton(own);
        services.AddSeatAllocation().UsePostgres(await RedisTestEnvironment.GetDataSourceAsync()).UsePessimisticLocking().UseRedisAdmission(await TestRedis.GetMultiplexerAsync());
        await using var provider = services.BuildServiceProvider();

        Assert.Same(own, provider.GetRequiredService<RedisSeatLeases>());
    }
}
