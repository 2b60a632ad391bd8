using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SeatAllocation.Core.Tests.DependencyInjection;

/// <summary>There is no default strategy: a registration without a choice stops the host at start, naming the choices.</summary>
public sealed class StrategyChoiceTests
{
    [Fact]
    public async Task AddSeatAllocation_alone_fails_at_start_naming_every_choice()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSeatAllocation();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("AddSeatAllocation() has no strategy", error.Message, StringComparison.Ordinal);
        foreach (var choice in new[] { ".UsePostgres(dataSource).UsePessimisticLocking()", ".UseOptimisticConcurrency()", ".UseGroupCommit()", ".UseRedisAdmission(redis)", ".UseInMemory()" })
        {
            Assert.Contains(choice, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_a_choice_no_strategy_resolves_at_all_not_even_in_memory()
    {
        var services = new ServiceCollection();
        services.AddSeatAllocation();
        services.AddSeatAllocation("a");
        await using var provider = services.BuildServiceProvider();

        Assert.Null(provider.GetService<IAllocationStrategy>());
        Assert.Null(provider.GetKeyedService<IAllocationStrategy>("a"));
    }

    [Fact]
    public async Task A_keyed_registration_without_a_choice_fails_at_start_naming_its_key()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSeatAllocation().UseInMemory();
        builder.Services.AddSeatAllocation("sale");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("AddSeatAllocation(\"sale\") (key of type String) has no strategy", failure, StringComparison.Ordinal);
        Assert.Contains(".UseInMemory()", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_1_and_text_1_are_two_registrations_each_checked_and_resolved_on_its_own()
    {
        var services = new ServiceCollection();
        var number = services.AddSeatAllocation(1).UseInMemory();
        var text = services.AddSeatAllocation("1");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSeatAllocation(1).UseInMemory();
        builder.Services.AddSeatAllocation("1");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        await using var provider = services.BuildServiceProvider();

        Assert.StartsWith("AddSeatAllocation(\"1\")", Assert.Single(error.Failures), StringComparison.Ordinal);
        Assert.NotNull(provider.GetKeyedService<IAllocationStrategy>(1));
        Assert.Null(provider.GetKeyedService<IAllocationStrategy>("1"));
        Assert.NotEqual(number.OptionsName, text.OptionsName);
        Assert.Equal("1", text.OptionsName);
        Assert.Equal("System.Int32:1", number.OptionsName);
    }

    [Fact]
    public async Task UseInMemory_is_an_explicit_choice_that_starts()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSeatAllocation().UseInMemory();
        builder.Services.AddSeatAllocation(2).UseInMemory();
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.IsType<InMemoryAllocationStrategy>(host.Services.GetRequiredService<IAllocationStrategy>());
        Assert.IsType<InMemoryAllocationStrategy>(host.Services.GetRequiredKeyedService<IAllocationStrategy>(2));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_apps_own_strategy_registration_counts_as_the_choice_and_wins(bool registeredFirst)
    {
        var own = new InMemoryAllocationStrategy();
        var builder = Host.CreateApplicationBuilder();
        if (registeredFirst)
        {
            builder.Services.AddSingleton<IAllocationStrategy>(own);
            builder.Services.AddSeatAllocation();
        }
        else
        {
            builder.Services.AddSeatAllocation();
            builder.Services.AddSingleton<IAllocationStrategy>(own);
        }

        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();

        Assert.Same(own, host.Services.GetRequiredService<IAllocationStrategy>());
    }

    [Fact]
    public void An_apps_own_time_provider_wins_over_the_system_clock()
    {
        var services = new ServiceCollection();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSeatAllocation().UseInMemory();

        Assert.Same(clock, Assert.Single(services, d => d.ServiceType == typeof(TimeProvider)).ImplementationInstance);
    }

    [Fact]
    public void The_builder_is_not_stored_in_the_container()
    {
        var services = new ServiceCollection();
        services.AddSeatAllocation().UseInMemory();
        services.AddSeatAllocation("a").UseInMemory();

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(SeatAllocationBuilder)
            || (!d.IsKeyedService && d.ImplementationInstance is SeatAllocationBuilder)
            || (d.IsKeyedService && d.KeyedImplementationInstance is SeatAllocationBuilder));
    }

    [Fact]
    public void Decorating_before_choosing_a_strategy_fails_at_registration_naming_the_choices()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddSeatAllocation().Decorate((_, _, inner) => inner));

        Assert.Contains(".UseInMemory()", error.Message, StringComparison.Ordinal);
        Assert.Contains(".UsePostgres(dataSource)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_builder_records_the_chosen_strategy_type()
    {
        var builder = new ServiceCollection().AddSeatAllocation();
        Assert.Null(builder.StrategyType);

        builder.UseInMemory();

        Assert.Equal(typeof(InMemoryAllocationStrategy), builder.StrategyType);
    }
}
