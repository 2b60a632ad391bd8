using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SeatAllocation.Postgres;
using SeatAllocation.Testing;
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
    public async Task In_front_of_a_strategy_that_cannot_snapshot_shows_it_refuses_naming_the_inner_strategy()
    {
        var services = new ServiceCollection();
        services.AddSeatAllocation().UseInMemory().UseRedisAdmission(await TestRedis.GetMultiplexerAsync());
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<IAllocationStrategy>());

        Assert.Equal("inner", error.ParamName);
    }
}
