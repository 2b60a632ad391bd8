using SeatAllocation.Postgres;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Strategies;

/// <summary>
/// Best-available requests are decided under the show row's lock, but a writer outside that lock (a
/// lone named-seat request, the optimistic strategy, a hand-written transaction) may be taking a seat
/// right then. A seat it has locked is never handed out: the buyer gets the best block without it.
/// </summary>
public sealed class BestAvailableLockTests
{
    public static TheoryData<string> Strategies =>
        [PessimisticAllocationStrategy.StrategyName, OptimisticAllocationStrategy.StrategyName, GroupCommitAllocationStrategy.StrategyName];

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task A_seat_locked_by_another_writer_is_not_handed_out_and_the_best_block_without_it_is(string strategyName)
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        var strategy = CreateStrategy(strategyName, dataSource);
        var showId = NewShowId();
        // One row of six with default ranks: A3 + A4 is the best pair.
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, Enumerable.Range(1, 6).Select(position => new SeatMapSeat($"A{position}", "Stalls", "A", position))));

        AllocationResult result;
        await using (await RowLock.OnSeatAsync(dataSource, showId, "A3"))
        {
            result = await strategy.BookAsync(AllocationRequest.BestAvailable(showId, "best", "ada", 2));
        }

        // Without A3, A1 + A2 strand nobody; A4 + A5 rank better but would strand A6.
        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(["A1", "A2"], result.Allocation.SeatIds);
        Assert.Equal(true, result.Allocation.Together);
        Assert.True((await ((IAllocationVerifier)strategy).VerifyAsync(showId)).IsValid);
    }
}
