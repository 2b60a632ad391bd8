using Xunit;

namespace SeatAllocation.Testing;

public abstract partial class SeatMapConformanceTests
{
    /// <summary>Seats together are refused while enough seats are free only apart, and nothing is taken.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Together_is_refused_while_enough_seats_are_free_only_apart()
    {
        var showId = await CreateMapAsync([.. Row("A", 3), .. Row("B", 3)]);
        await TakeAsync(showId, "A2", "B2");

        var apart = await BookBestAsync(showId, 2);
        var tooMany = await BookBestAsync(showId, 5);

        Assert.Equal(AllocationStatus.NotEnoughTogether, apart.Status);
        Assert.Null(apart.Allocation);
        Assert.Equal(AllocationStatus.Unavailable, tooMany.Status);
        await AssertAvailabilityAsync(showId, available: 4, held: 0, booked: 2);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>A group that may be split takes the best seats in as few blocks as possible, and says it is not together.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task A_group_that_may_be_split_takes_as_few_blocks_as_possible_and_says_it_is_not_together()
    {
        // Free: A1 | A3 A4 | A6 (front row) and B1 B2 B3 | B5 (second row). Four seats do not fit
        // together; the longest free run, B1-B3, comes first, then the best single seat that strands
        // nobody: A3 or A4 would strand the other, so A1 and A6 (rank 5) tie and A1 comes first.
        var showId = await CreateMapAsync([.. Row("A", 6), .. Row("B", 5)]);
        await TakeAsync(showId, "A2", "A5", "B4");

        var split = await BookBestAsync(showId, 4, new BestAvailableOptions { Together = false });

        AssertSeats(split, together: false, "A1", "B1", "B2", "B3");
        await AssertAvailabilityAsync(showId, available: 4, held: 0, booked: 7);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>A request that may be split still gets a block when one is free, and says it is together.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task A_request_that_may_be_split_still_gets_a_block_when_one_is_free()
    {
        var showId = await CreateMapAsync(Row("A", 5));
        await TakeAsync(showId, "A2");

        AssertSeats(await BookBestAsync(showId, 3, new BestAvailableOptions { Together = false }), together: true, "A3", "A4", "A5");
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>Requests that are not best-available say nothing about being together.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Requests_that_are_not_best_available_say_nothing_about_being_together()
    {
        var showId = await CreateMapAsync(Row("A", 3));

        var named = AssertAllocated(await Strategy.BookAsync(AllocationRequest.ForSeats(showId, NewId("req"), "ada", "A1", "A2")));

        Assert.Null(named.Together);
    }

    /// <summary>A best-available request for a show without a seat map is an invalid argument.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task A_best_available_request_for_a_show_without_a_seat_map_is_an_invalid_argument()
    {
        var showId = NewId("plain");
        Assert.Equal(CreateShowResult.Created, await Strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1", "A2")));

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => BookBestAsync(showId, 1));

        Assert.Equal("request", error.ParamName);
        await AssertAvailabilityAsync(showId, available: 2, held: 0, booked: 0);
    }
}
