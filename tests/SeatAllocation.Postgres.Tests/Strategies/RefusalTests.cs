using SeatAllocation.Postgres;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Strategies;

/// <summary>
/// A request that cannot succeed is refused from what is already committed, without waiting for
/// the locks of buyers still in the middle of their own allocations. Each test holds such a lock in
/// another transaction and gives the strategy a lock timeout far shorter than the test: a strategy
/// that queued for the lock would answer <see cref="AllocationStatus.Contended"/> instead.
/// </summary>
public sealed class RefusalTests
{
    private static readonly PostgresAllocationOptions ShortLockTimeout = new() { LockTimeout = TimeSpan.FromMilliseconds(200) };

    public static TheoryData<string> Strategies =>
        [PessimisticAllocationStrategy.StrategyName, OptimisticAllocationStrategy.StrategyName, GroupCommitAllocationStrategy.StrategyName];

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task A_sold_out_show_refuses_while_a_buyer_holds_its_row(string strategyName)
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        var strategy = CreateStrategy(strategyName, dataSource, ShortLockTimeout);
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 2));
        Assert.True((await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "sell-out", "promoter", 2))).Succeeded);
        await using var buyer = await RowLock.OnShowAsync(dataSource, showId);

        var result = await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "late", "ada", 1));

        Assert.Equal(AllocationStatus.Unavailable, result.Status);
        Assert.Empty(result.UnavailableSeatIds);
        await buyer.DisposeAsync();
        var availability = await strategy.GetAvailabilityAsync(showId);
        Assert.Equal((0, 2), (availability!.Available, availability.Booked));
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task A_booked_seat_is_refused_while_its_row_is_locked(string strategyName)
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        var strategy = CreateStrategy(strategyName, dataSource, ShortLockTimeout);
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "S001", "S002"));
        Assert.True((await strategy.BookAsync(AllocationRequest.ForSeats(showId, "first", "bob", "S001"))).Succeeded);
        await using var buyer = await RowLock.OnSeatAsync(dataSource, showId, "S001");

        var result = await strategy.BookAsync(AllocationRequest.ForSeats(showId, "late", "ada", "S001", "S002"));

        Assert.Equal(AllocationStatus.Unavailable, result.Status);
        Assert.Equal(["S001"], result.UnavailableSeatIds);
        await buyer.DisposeAsync();
        var availability = await strategy.GetAvailabilityAsync(showId);
        Assert.Equal((1, 1), (availability!.Available, availability.Booked));
    }
}
