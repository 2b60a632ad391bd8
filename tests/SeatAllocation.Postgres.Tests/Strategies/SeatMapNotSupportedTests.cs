using SeatAllocation.Postgres;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Strategies;

/// <summary>
/// Until the PostgreSQL strategies choose seats from a seat map, they refuse maps and best-available
/// requests loudly instead of storing a map nothing reads or taking "any N seats" for "the best N together".
/// </summary>
public sealed class SeatMapNotSupportedTests
{
    public static TheoryData<string> Strategies =>
        [PessimisticAllocationStrategy.StrategyName, OptimisticAllocationStrategy.StrategyName, GroupCommitAllocationStrategy.StrategyName];

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task A_show_with_a_seat_map_is_not_supported_and_not_created(string strategyName)
    {
        var strategy = CreateStrategy(strategyName, await PostgresTestDatabase.GetAsync());
        var showId = NewShowId();

        var error = await Assert.ThrowsAsync<NotSupportedException>(() =>
            strategy.CreateShowAsync(ShowDefinition.Seated(showId, [new SeatMapSeat("A1", "Stalls", "A", 1)])));

        Assert.Contains("seat map", error.Message, StringComparison.Ordinal);
        Assert.Null(await strategy.GetAvailabilityAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task A_best_available_request_is_not_supported_and_takes_nothing(string strategyName)
    {
        var strategy = CreateStrategy(strategyName, await PostgresTestDatabase.GetAsync());
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1", "A2"));
        var request = AllocationRequest.BestAvailable(showId, "best", "ada", 2);

        var book = await Assert.ThrowsAsync<NotSupportedException>(() => strategy.BookAsync(request));
        await Assert.ThrowsAsync<NotSupportedException>(() => strategy.HoldAsync(request, TimeSpan.FromMinutes(5)));

        Assert.Contains("best-available", book.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await strategy.GetAvailabilityAsync(showId))!.Available);
    }
}
