using Microsoft.Extensions.Time.Testing;
using SeatAllocation.Postgres;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Strategies;

/// <summary>
/// Every writer of a show takes its locks in one order: the show row, then allocation rows, then seat
/// rows (PostgresAllocationStore). A writer that took an expired hold's row before the show's
/// deadlocked with one holding the show and expiring that hold: the soak saw it as a cancel answered
/// 500, when the optimistic strategy marked expired holds before it updated the show.
/// </summary>
public sealed class LockOrderTests
{
    public static TheoryData<string> Strategies =>
        [PessimisticAllocationStrategy.StrategyName, OptimisticAllocationStrategy.StrategyName, GroupCommitAllocationStrategy.StrategyName];

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task A_booking_waiting_for_a_general_admission_show_has_locked_none_of_its_expired_holds(string strategyName)
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var strategy = CreateStrategy(strategyName, dataSource, timeProvider: clock);
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 10));
        var hold = (await strategy.HoldAsync(AllocationRequest.ForQuantity(showId, "ada-hold", "ada", 2), TimeSpan.FromMinutes(1))).Allocation!;
        clock.Advance(TimeSpan.FromMinutes(2)); // the hold has expired; the next writer reclaims its places
        await using var blocker = await RowLock.OnShowAsync(dataSource, showId);

        var booking = strategy.BookAsync(AllocationRequest.ForQuantity(showId, "bob-booking", "bob", 1));
        await WaitUntilBlockedAsync(dataSource, blocker.ProcessId);

        // Waiting for the show row, the booking holds no lock on the expired hold (NOWAIT fails with 55P03 if it does).
        Assert.Equal(1, await ScalarAsync<int>(dataSource, "SELECT 1 FROM {schema}.allocations WHERE show_id = $1 AND allocation_id = $2 FOR UPDATE NOWAIT", showId, Guid.Parse(hold.Id)));
        await blocker.DisposeAsync();
        Assert.True((await booking).Succeeded);
        var availability = await strategy.GetAvailabilityAsync(showId);
        Assert.Equal((9, 0, 1), (availability!.Available, availability.Held, availability.Booked));
        var report = await ((IAllocationVerifier)strategy).VerifyAsync(showId);
        Assert.True(report.IsValid, report.ToString());
    }

    /// <summary>An extension of a seated hold waits for the hold's row before it touches the hold's seats.</summary>
    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task An_extension_waiting_for_its_hold_has_locked_none_of_the_hold_s_seats(string strategyName)
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        var strategy = CreateStrategy(strategyName, dataSource);
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1", "A2"));
        var hold = (await strategy.HoldAsync(AllocationRequest.ForSeats(showId, "ada-hold", "ada", "A1", "A2"), TimeSpan.FromMinutes(5))).Allocation!;
        await using var blocker = await RowLock.OnAllocationAsync(dataSource, showId, hold.Id);

        var extension = strategy.ExtendAsync(new AllocationReference(showId, hold.Id, "ada"), TimeSpan.FromMinutes(1));
        await WaitUntilBlockedAsync(dataSource, blocker.ProcessId);

        Assert.Equal(2, await ScalarAsync<long>(dataSource, "SELECT count(*) FROM (SELECT 1 FROM {schema}.seats WHERE show_id = $1 FOR UPDATE NOWAIT) locked", showId));
        await blocker.DisposeAsync();
        Assert.Equal(hold.ExpiresAt + TimeSpan.FromMinutes(1), (await extension).Allocation!.ExpiresAt);
        var report = await ((IAllocationVerifier)strategy).VerifyAsync(showId);
        Assert.True(report.IsValid, report.ToString());
    }

    /// <summary>An extension of a general-admission hold (or of any hold on a show with a per-user limit) waits for the show's row before it locks the hold.</summary>
    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task An_extension_waiting_for_a_general_admission_show_has_locked_none_of_its_holds(string strategyName)
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        var strategy = CreateStrategy(strategyName, dataSource);
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 10));
        var hold = (await strategy.HoldAsync(AllocationRequest.ForQuantity(showId, "ada-hold", "ada", 2), TimeSpan.FromMinutes(5))).Allocation!;
        await using var blocker = await RowLock.OnShowAsync(dataSource, showId);

        var extension = strategy.ExtendAsync(new AllocationReference(showId, hold.Id, "ada"), TimeSpan.FromMinutes(1));
        await WaitUntilBlockedAsync(dataSource, blocker.ProcessId);

        Assert.Equal(1, await ScalarAsync<int>(dataSource, "SELECT 1 FROM {schema}.allocations WHERE show_id = $1 AND allocation_id = $2 FOR UPDATE NOWAIT", showId, Guid.Parse(hold.Id)));
        await blocker.DisposeAsync();
        Assert.True((await extension).Succeeded);
    }
}
