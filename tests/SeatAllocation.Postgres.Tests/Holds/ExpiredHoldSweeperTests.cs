using Microsoft.Extensions.Time.Testing;
using SeatAllocation.Postgres;
using SeatAllocation.Servers;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Holds;

/// <summary>The sweeper tidies expired holds; it runs in its own schema so it cannot touch other tests' holds.</summary>
public sealed class ExpiredHoldSweeperTests
{
    [Fact]
    public async Task Sweeping_releases_expired_holds_and_leaves_live_ones()
    {
        var (strategy, sweeper, clock, options) = await CreateAsync(batchSize: 2);
        var seated = NewShowId();
        var generalAdmission = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.Seated(seated, "A1", "A2", "A3", "A4"));
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(generalAdmission, 10));
        for (var i = 0; i < 3; i++)
        {
            await strategy.HoldAsync(AllocationRequest.ForSeats(seated, $"short{i}", "ada", $"A{i + 1}"), TimeSpan.FromMinutes(1));
            await strategy.HoldAsync(AllocationRequest.ForQuantity(generalAdmission, $"short{i}", "ada", 2), TimeSpan.FromMinutes(1));
        }

        var live = await strategy.HoldAsync(AllocationRequest.ForSeats(seated, "long", "bob", "A4"), TimeSpan.FromMinutes(10));
        await strategy.HoldAsync(AllocationRequest.ForQuantity(generalAdmission, "long", "bob", 1), TimeSpan.FromMinutes(10));

        clock.Advance(TimeSpan.FromMinutes(2));
        var swept = await sweeper.SweepAsync();

        Assert.Equal(6, swept);
        Assert.Equal(0, await sweeper.SweepAsync());
        var dataSource = await TestPostgres.GetDataSourceAsync();
        Assert.Equal(3L, await ScalarAsync<long>(dataSource, $"SELECT count(*) FROM {options.Schema}.seats WHERE show_id = $1 AND holder_id IS NULL", seated));
        Assert.Equal(1, await ScalarAsync<int>(dataSource, $"SELECT allocated FROM {options.Schema}.shows WHERE show_id = $1", generalAdmission));
        Assert.Equal(AllocationStatus.HoldExpired, (await strategy.ConfirmAsync(new AllocationReference(seated, (await strategy.HoldAsync(AllocationRequest.ForSeats(seated, "short0", "ada", "A1"), TimeSpan.FromMinutes(1))).Allocation!.Id))).Status);
        Assert.True((await strategy.ConfirmAsync(new AllocationReference(seated, live.Allocation!.Id))).Succeeded);
        var report = await strategy.VerifyAsync();
        Assert.True(report.IsValid, report.ToString());
    }

    [Fact]
    public async Task Sweeping_one_show_leaves_the_others_alone()
    {
        var (strategy, sweeper, clock, options) = await CreateAsync(batchSize: 100);
        var first = NewShowId();
        var second = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(first, 5));
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(second, 5));
        await strategy.HoldAsync(AllocationRequest.ForQuantity(first, "r", "ada", 2), TimeSpan.FromMinutes(1));
        await strategy.HoldAsync(AllocationRequest.ForQuantity(second, "r", "ada", 2), TimeSpan.FromMinutes(1));
        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(1, await sweeper.SweepAsync(first));

        var dataSource = await TestPostgres.GetDataSourceAsync();
        Assert.Equal(0, await ScalarAsync<int>(dataSource, $"SELECT allocated FROM {options.Schema}.shows WHERE show_id = $1", first));
        Assert.Equal(2, await ScalarAsync<int>(dataSource, $"SELECT allocated FROM {options.Schema}.shows WHERE show_id = $1", second));
        Assert.Equal(5, (await strategy.GetAvailabilityAsync(second))!.Available);
    }

    private static async Task<(PessimisticAllocationStrategy, ExpiredHoldSweeper, FakeTimeProvider, PostgresAllocationOptions)> CreateAsync(int batchSize)
    {
        var dataSource = await TestPostgres.GetDataSourceAsync();
        var options = new PostgresAllocationOptions { Schema = $"sweep_{Guid.NewGuid():N}", ExpiredHoldSweepBatchSize = batchSize };
        await PostgresSchemaMigrator.MigrateAsync(dataSource, options.Schema);
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return (new PessimisticAllocationStrategy(dataSource, options, clock), new ExpiredHoldSweeper(dataSource, options, clock), clock, options);
    }
}
