namespace SeatAllocation.Redis.Tests.Admission;

/// <summary>
/// Until the admission script chooses seats from a seat map, the Redis strategy refuses maps and
/// best-available requests before Redis or PostgreSQL sees them: the script would count "the best N
/// together" as "any N".
/// </summary>
[Collection(nameof(RedisAlone))]
public sealed class SeatMapNotSupportedTests
{
    [Fact]
    public async Task A_show_with_a_seat_map_is_not_supported_and_not_created()
    {
        var strategy = await RedisTestEnvironment.CreateStrategyAsync();
        var showId = RedisTestEnvironment.NewId("map");

        using (var counter = new PostgresCommandCounter())
        {
            await Assert.ThrowsAsync<NotSupportedException>(() =>
                strategy.CreateShowAsync(ShowDefinition.Seated(showId, [new SeatMapSeat("A1", "Stalls", "A", 1)])));
            Assert.Equal(0, counter.Commands);
        }

        Assert.Null(await strategy.GetAvailabilityAsync(showId));
    }

    [Fact]
    public async Task A_best_available_request_is_not_supported_and_reaches_neither_redis_nor_postgres()
    {
        var strategy = await RedisTestEnvironment.CreateStrategyAsync();
        var showId = RedisTestEnvironment.NewId("best");
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1", "A2"));
        var request = AllocationRequest.BestAvailable(showId, "best", "ada", 2);

        using (var counter = new PostgresCommandCounter())
        {
            var error = await Assert.ThrowsAsync<NotSupportedException>(() => strategy.BookAsync(request));
            await Assert.ThrowsAsync<NotSupportedException>(() => strategy.HoldAsync(request, TimeSpan.FromMinutes(5)));
            Assert.Contains("best-available", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, counter.Commands);
        }

        Assert.Equal(2, (await strategy.GetAvailabilityAsync(showId))!.Available);
        Assert.True((await strategy.ReconcileAsync(showId)) && (await strategy.VerifyAsync(showId)).IsValid);
    }
}
