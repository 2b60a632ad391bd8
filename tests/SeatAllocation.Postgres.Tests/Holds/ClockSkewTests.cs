using Microsoft.Extensions.Time.Testing;
using SeatAllocation.Postgres;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Holds;

/// <summary>
/// Two app instances whose clocks differ by a few seconds, on one database. Hold expiry is decided by
/// the clock of the instance that asks: the one ahead may take a hold's seats (or places) once the hold
/// has expired by its clock. Then the hold is gone for everybody: the instance behind, which still
/// thinks it live, cannot confirm it, so no seat is sold twice.
/// </summary>
public sealed class ClockSkewTests
{
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(5);

    public static TheoryData<string, bool> Cases
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (var strategy in new[] { PessimisticAllocationStrategy.StrategyName, OptimisticAllocationStrategy.StrategyName, GroupCommitAllocationStrategy.StrategyName })
            {
                data.Add(strategy, true);
                data.Add(strategy, false);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hold_resold_by_an_instance_whose_clock_is_ahead_cannot_be_confirmed_by_the_one_behind(string strategyName, bool seated)
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        var start = DateTimeOffset.UtcNow;
        var behindClock = new FakeTimeProvider(start);
        var aheadClock = new FakeTimeProvider(start + Skew);
        var behind = CreateStrategy(strategyName, dataSource, timeProvider: behindClock);
        var ahead = CreateStrategy(strategyName, dataSource, timeProvider: aheadClock);
        var showId = NewShowId();
        await behind.CreateShowAsync(seated ? ShowDefinition.Seated(showId, "A1") : ShowDefinition.GeneralAdmission(showId, 1));
        AllocationRequest Request(string requestId, string userId) =>
            seated ? AllocationRequest.ForSeats(showId, requestId, userId, "A1") : AllocationRequest.ForQuantity(showId, requestId, userId, 1);

        // Three seconds by the clock behind; already expired by the clock ahead.
        var hold = await behind.HoldAsync(Request("ada-hold", "ada"), TimeSpan.FromSeconds(3));
        Assert.True(hold.Succeeded, hold.Status.ToString());
        behindClock.Advance(TimeSpan.FromSeconds(1));

        var resold = await ahead.BookAsync(Request("bob-booking", "bob"));
        Assert.True(resold.Succeeded, $"the instance ahead sees the hold expired and sells the place: {resold.Status}");

        var confirmed = await behind.ConfirmAsync(new AllocationReference(showId, hold.Allocation!.Id, "ada"));
        Assert.Equal(AllocationStatus.HoldExpired, confirmed.Status);
        // Releasing it from behind frees nothing of the buyer ahead: on a seated show it may answer
        // Released (the hold row was still live by this clock), never touching the resold seat.
        Assert.Contains(await behind.ReleaseAsync(new AllocationReference(showId, hold.Allocation.Id, "ada")), new[] { ReleaseStatus.Released, ReleaseStatus.HoldExpired });

        var availability = await behind.GetAvailabilityAsync(showId);
        Assert.Equal((0, 1), (availability!.Available, availability.Booked));
        foreach (var instance in new[] { behind, ahead })
        {
            var report = await ((IAllocationVerifier)instance).VerifyAsync(showId);
            Assert.True(report.IsValid, report.ToString());
        }
    }
}
