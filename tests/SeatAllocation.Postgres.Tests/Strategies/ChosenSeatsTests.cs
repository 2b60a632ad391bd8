using SeatAllocation.Postgres;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Strategies;

/// <summary>
/// Seats chosen for a best-available request in front of PostgreSQL (Redis admission sends them with
/// <see cref="AllocationRequest.WithChosenSeats"/>) are taken as named, and PostgreSQL records whether
/// they are together, so the hold says so when it is replayed or extended, as one PostgreSQL chose does.
/// </summary>
public sealed class ChosenSeatsTests
{
    public static TheoryData<string> Strategies =>
        [PessimisticAllocationStrategy.StrategyName, OptimisticAllocationStrategy.StrategyName, GroupCommitAllocationStrategy.StrategyName];

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task Seats_chosen_for_a_best_available_request_say_whether_they_are_together(string strategyName)
    {
        var strategy = CreateStrategy(strategyName, await PostgresTestDatabase.GetAsync());
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, [.. Enumerable.Range(1, 6).Select(position => new SeatMapSeat($"A{position}", "Stalls", "A", position))]));
        var pair = AllocationRequest.BestAvailable(showId, "pair", "ada", 2).WithChosenSeats(["A1", "A2"]);
        var split = AllocationRequest.BestAvailable(showId, "split", "bob", 2, new BestAvailableOptions { Together = false }).WithChosenSeats(["A4", "A6"]);

        var held = (await strategy.HoldAsync(pair, TimeSpan.FromMinutes(5))).Allocation!;
        var extended = (await strategy.ExtendAsync(new AllocationReference(showId, held.Id, "ada"), TimeSpan.FromMinutes(1))).Allocation!;
        var replayed = await strategy.HoldAsync(pair, TimeSpan.FromMinutes(5));
        var apart = (await strategy.BookAsync(split)).Allocation!;
        var named = (await strategy.BookAsync(AllocationRequest.ForSeats(showId, "named", "cy", "A3"))).Allocation!;

        Assert.Equal((true, true, true), (held.Together, extended.Together, replayed.Allocation!.Together));
        Assert.True(replayed.IsReplay);
        Assert.False(apart.Together);
        Assert.Null(named.Together);
        var report = await ((IAllocationVerifier)strategy).VerifyAsync(showId);
        Assert.True(report.IsValid, report.ToString());
    }
}
