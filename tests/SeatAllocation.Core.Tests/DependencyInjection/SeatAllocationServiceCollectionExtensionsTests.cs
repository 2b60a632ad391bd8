using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace SeatAllocation.Core.Tests.DependencyInjection;

public sealed class SeatAllocationServiceCollectionExtensionsTests
{
    private static readonly ServiceProviderOptions Strict = new() { ValidateOnBuild = true, ValidateScopes = true };

    [Fact]
    public async Task UseInMemory_resolves_the_in_memory_strategy_which_is_also_the_verifier_and_the_catalog()
    {
        var services = new ServiceCollection();
        services.AddSeatAllocation().UseInMemory();
        await using var provider = services.BuildServiceProvider(Strict);

        var strategy = provider.GetRequiredService<IAllocationStrategy>();

        Assert.IsType<InMemoryAllocationStrategy>(strategy);
        Assert.Equal(InMemoryAllocationStrategy.StrategyName, strategy.Name);
        Assert.Same(strategy, provider.GetRequiredService<IAllocationVerifier>());
        Assert.Same(strategy, provider.GetRequiredService<IShowCatalog>());
    }

    [Fact]
    public async Task The_strategy_is_a_singleton_shared_by_every_scope()
    {
        var services = new ServiceCollection();
        services.AddSeatAllocation().UseInMemory();
        await using var provider = services.BuildServiceProvider(Strict);

        var root = provider.GetRequiredService<IAllocationStrategy>();
        await using var scope = provider.CreateAsyncScope();

        Assert.Same(root, provider.GetRequiredService<IAllocationStrategy>());
        Assert.Same(root, scope.ServiceProvider.GetRequiredService<IAllocationStrategy>());
        Assert.Equal(ServiceLifetime.Singleton, Assert.Single(services, d => d.ServiceType == typeof(IAllocationStrategy)).Lifetime);
        Assert.Equal(ServiceLifetime.Singleton, Assert.Single(services, d => d.ServiceType == typeof(IAllocationVerifier)).Lifetime);
    }

    [Fact]
    public async Task State_lives_in_the_singleton_across_resolutions()
    {
        var services = new ServiceCollection();
        services.AddSeatAllocation().UseInMemory();
        await using var provider = services.BuildServiceProvider(Strict);

        await provider.GetRequiredService<IAllocationStrategy>().CreateShowAsync(ShowDefinition.GeneralAdmission("gala", 3));

        Assert.NotNull(await provider.GetRequiredService<IAllocationStrategy>().GetAvailabilityAsync("gala"));
    }

    [Fact]
    public async Task Keyed_registrations_give_separate_strategies_that_do_not_share_shows()
    {
        var services = new ServiceCollection();
        services.AddSeatAllocation("a").UseInMemory();
        services.AddSeatAllocation("b").UseInMemory();
        await using var provider = services.BuildServiceProvider(Strict);

        var a = provider.GetRequiredKeyedService<IAllocationStrategy>("a");
        var b = provider.GetRequiredKeyedService<IAllocationStrategy>("b");
        Assert.Equal(CreateShowResult.Created, await a.CreateShowAsync(ShowDefinition.Seated("gala", "A1")));

        Assert.IsType<InMemoryAllocationStrategy>(a);
        Assert.IsType<InMemoryAllocationStrategy>(b);
        Assert.NotSame(a, b);
        Assert.Same(a, provider.GetRequiredKeyedService<IAllocationStrategy>("a"));
        Assert.Same(a, provider.GetRequiredKeyedService<IAllocationVerifier>("a"));
        Assert.Same(b, provider.GetRequiredKeyedService<IAllocationVerifier>("b"));
        Assert.Same(a, provider.GetRequiredKeyedService<IShowCatalog>("a"));
        Assert.Same(b, provider.GetRequiredKeyedService<IShowCatalog>("b"));
        Assert.NotNull(await a.GetAvailabilityAsync("gala"));
        Assert.Null(await b.GetAvailabilityAsync("gala"));
        Assert.Equal(CreateShowResult.Created, await b.CreateShowAsync(ShowDefinition.Seated("gala", "A1")));
    }

    [Fact]
    public async Task Keyed_registrations_add_no_default_strategy()
    {
        var services = new ServiceCollection();
        services.AddSeatAllocation("a").UseInMemory();
        await using var provider = services.BuildServiceProvider(Strict);

        Assert.Null(provider.GetService<IAllocationStrategy>());
        Assert.Null(provider.GetService<IAllocationVerifier>());
        Assert.Null(provider.GetKeyedService<IAllocationStrategy>("b"));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IAllocationStrategy) && !d.IsKeyedService);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_default_and_a_keyed_registration_live_side_by_side(bool defaultFirst)
    {
        var services = new ServiceCollection();
        if (defaultFirst)
        {
            services.AddSeatAllocation().UseInMemory();
            services.AddSeatAllocation("a").UseInMemory();
        }
        else
        {
            services.AddSeatAllocation("a").UseInMemory();
            services.AddSeatAllocation().UseInMemory();
        }

        await using var provider = services.BuildServiceProvider(Strict);

        var unkeyed = provider.GetRequiredService<IAllocationStrategy>();
        var keyed = provider.GetRequiredKeyedService<IAllocationStrategy>("a");

        Assert.NotSame(unkeyed, keyed);
        await unkeyed.CreateShowAsync(ShowDefinition.GeneralAdmission("gala", 1));
        Assert.Null(await keyed.GetAvailabilityAsync("gala"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_time_provider_in_the_container_decides_when_holds_expire(bool registeredBeforeAddSeatAllocation)
    {
        var clock = new FakeTimeProvider();
        var services = new ServiceCollection();
        if (registeredBeforeAddSeatAllocation)
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSeatAllocation().UseInMemory();
        }
        else
        {
            services.AddSeatAllocation().UseInMemory();
            services.AddSingleton<TimeProvider>(clock);
        }

        await using var provider = services.BuildServiceProvider(Strict);
        await AssertHoldsExpireOnAsync(clock, provider.GetRequiredService<IAllocationStrategy>());
    }

    [Fact]
    public async Task A_keyed_strategy_also_uses_the_time_provider_in_the_container()
    {
        var clock = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSeatAllocation("a").UseInMemory();
        await using var provider = services.BuildServiceProvider(Strict);

        await AssertHoldsExpireOnAsync(clock, provider.GetRequiredKeyedService<IAllocationStrategy>("a"));
    }

    [Fact]
    public async Task Without_a_time_provider_the_system_clock_is_registered()
    {
        var services = new ServiceCollection();
        services.AddSeatAllocation().UseInMemory();
        await using var provider = services.BuildServiceProvider(Strict);

        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task UseStrategy_replaces_the_earlier_choice_and_the_last_call_wins()
    {
        var first = new InMemoryAllocationStrategy();
        var last = new InMemoryAllocationStrategy();
        var services = new ServiceCollection();
        services.AddSeatAllocation()
            .UseInMemory()
            .UseStrategy((_, _) => first)
            .UseStrategy((_, _) => last);
        await using var provider = services.BuildServiceProvider(Strict);

        Assert.Same(last, provider.GetRequiredService<IAllocationStrategy>());
        Assert.Same(last, Assert.Single(provider.GetServices<IAllocationStrategy>()));
        Assert.Same(last, provider.GetRequiredService<IAllocationVerifier>());
    }

    [Fact]
    public async Task Calling_AddSeatAllocation_again_keeps_the_chosen_strategy()
    {
        var chosen = new InMemoryAllocationStrategy();
        var services = new ServiceCollection();
        services.AddSeatAllocation().UseStrategy((_, _) => chosen);
        services.AddSeatAllocation();
        await using var provider = services.BuildServiceProvider(Strict);

        Assert.Same(chosen, provider.GetRequiredService<IAllocationStrategy>());
    }

    [Fact]
    public async Task A_keyed_UseStrategy_factory_receives_the_key_and_replaces_only_that_key()
    {
        object? receivedKey = null;
        var custom = new InMemoryAllocationStrategy();
        var services = new ServiceCollection();
        services.AddSeatAllocation("a").UseStrategy((_, key) =>
        {
            receivedKey = key;
            return custom;
        });
        services.AddSeatAllocation("b").UseInMemory();
        await using var provider = services.BuildServiceProvider(Strict);

        Assert.Same(custom, provider.GetRequiredKeyedService<IAllocationStrategy>("a"));
        Assert.Equal("a", receivedKey);
        Assert.NotSame(custom, provider.GetRequiredKeyedService<IAllocationStrategy>("b"));
        Assert.Same(custom, Assert.Single(provider.GetKeyedServices<IAllocationStrategy>("a")));
    }

    [Fact]
    public async Task A_strategy_that_cannot_verify_itself_makes_resolving_the_verifier_fail_clearly()
    {
        var services = new ServiceCollection();
        services.AddSeatAllocation().UseStrategy((_, _) => new NonVerifyingStrategy());
        await using var provider = services.BuildServiceProvider(Strict);

        Assert.IsType<NonVerifyingStrategy>(provider.GetRequiredService<IAllocationStrategy>());
        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IAllocationVerifier>());
        Assert.Contains(nameof(IAllocationVerifier), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_builder_reports_its_services_key_and_options_name()
    {
        var services = new ServiceCollection();

        var unkeyed = services.AddSeatAllocation();
        var keyed = services.AddSeatAllocation("a");

        Assert.Same(services, unkeyed.Services);
        Assert.Null(unkeyed.ServiceKey);
        Assert.Equal(Microsoft.Extensions.Options.Options.DefaultName, unkeyed.OptionsName);
        Assert.Equal("a", keyed.ServiceKey);
        Assert.Equal("a", keyed.OptionsName);
    }

    [Fact]
    public void Null_arguments_throw_naming_the_parameter()
    {
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddSeatAllocation()).ParamName);
        Assert.Equal("factory", Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddSeatAllocation().UseStrategy<IAllocationStrategy>(null!)).ParamName);
        Assert.Equal("factory", Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddSeatAllocation("a").UseStrategy<IAllocationStrategy>(null!)).ParamName);
    }

    [Fact]
    public async Task The_strategy_resolves_from_a_generic_host()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSeatAllocation().UseInMemory();
        using var host = builder.Build();

        var strategy = host.Services.GetRequiredService<IAllocationStrategy>();

        Assert.Equal(CreateShowResult.Created, await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission("gala", 2)));
        Assert.True((await strategy.BookAsync(AllocationRequest.ForQuantity("gala", "req-1", "ada", 2))).Succeeded);
    }

    private static async Task AssertHoldsExpireOnAsync(FakeTimeProvider clock, IAllocationStrategy strategy)
    {
        await strategy.CreateShowAsync(ShowDefinition.Seated("gala", "A1"));
        var hold = await strategy.HoldAsync(AllocationRequest.ForSeats("gala", "req-1", "ada", "A1"), TimeSpan.FromMinutes(5));
        Assert.True(hold.Succeeded);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMinutes(5), hold.Allocation.ExpiresAt);
        Assert.Equal(AllocationStatus.Unavailable, (await strategy.BookAsync(AllocationRequest.ForSeats("gala", "req-2", "bob", "A1"))).Status);

        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.Equal(1, (await strategy.GetAvailabilityAsync("gala"))?.Available);
        Assert.True((await strategy.BookAsync(AllocationRequest.ForSeats("gala", "req-3", "bob", "A1"))).Succeeded);
    }

    /// <summary>A strategy that does not implement <see cref="IAllocationVerifier"/>; never called.</summary>
    private sealed class NonVerifyingStrategy() : AllocationStrategy("non-verifying", null)
    {
        protected override Task<CreateShowResult> CreateShowCoreAsync(ShowDefinition show, CancellationToken cancellationToken) => throw new NotSupportedException();

        protected override Task<ShowAvailability?> GetAvailabilityCoreAsync(string showId, CancellationToken cancellationToken) => throw new NotSupportedException();

        protected override Task<AllocationResult> HoldCoreAsync(AllocationRequest request, TimeSpan duration, CancellationToken cancellationToken) => throw new NotSupportedException();

        protected override Task<AllocationResult> ConfirmCoreAsync(AllocationReference hold, CancellationToken cancellationToken) => throw new NotSupportedException();

        protected override Task<ReleaseStatus> ReleaseCoreAsync(AllocationReference hold, CancellationToken cancellationToken) => throw new NotSupportedException();

        protected override Task<AllocationResult> BookCoreAsync(AllocationRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        protected override Task<ReleaseStatus> CancelCoreAsync(AllocationReference booking, CancellationToken cancellationToken) => throw new NotSupportedException();

        protected override Task<AllocationResult> ExtendCoreAsync(AllocationReference hold, TimeSpan extension, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
