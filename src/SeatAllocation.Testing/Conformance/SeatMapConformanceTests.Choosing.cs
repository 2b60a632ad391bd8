using Xunit;

namespace SeatAllocation.Testing;

public abstract partial class SeatMapConformanceTests
{
    /// <summary>With the default ranks, the best pair is the middle of the front row, and the next buyer gets the next best block.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task The_best_pair_is_the_middle_of_the_front_row_and_the_next_buyer_gets_the_next_best()
    {
        var showId = await CreateMapAsync([.. Row("A", 10), .. Row("B", 10)]);

        AssertSeats(await BookBestAsync(showId, 2), together: true, "A5", "A6");
        // Default ranks: A5, A6 are 1; A4, A7 are 3; a row back adds 2, so B5 + B6 (3 + 3) beat A3 + A4 and A7 + A8 (5 + 3).
        AssertSeats(await BookBestAsync(showId, 2), together: true, "B5", "B6");
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>A block never spans a gap in a row, nor two rows, nor two sections.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task A_block_never_spans_a_gap_a_row_or_a_section()
    {
        // Front rows with three free seats that are not three adjacent ones: A has an aisle at 3, and
        // Circle's row A holds two; only B1-B3, the worst row, seats three together.
        var showId = await CreateMapAsync([.. RowWithPositions("A", [1, 2, 4, 5]), .. Row("A", 2, section: "Circle"), .. Row("B", 3)]);

        AssertSeats(await BookBestAsync(showId, 3), together: true, "B1", "B2", "B3");
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>Explicit ranks decide, whatever the rows' order.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Explicit_ranks_decide_whatever_the_rows_order()
    {
        var showId = await CreateMapAsync([
            .. Row("A", 4).Select(seat => seat with { Rank = 50 }),
            .. Row("B", 4).Select(seat => seat with { Rank = 10 * seat.Position }),
        ]);

        AssertSeats(await BookBestAsync(showId, 2), together: true, "B1", "B2");
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>A block that strands no single seat beats a better-ranked one that does, until no other block is left.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task A_block_that_strands_no_seat_beats_a_better_ranked_one_until_none_is_left()
    {
        // Row A's free A2-A4 rank best, but any pair there strands A2 (next to the taken A1) or A4
        // (at the row's end); row B ranks far worse and strands nobody.
        var showId = await CreateMapAsync([
            .. Row("A", 4).Select(seat => seat with { Rank = 0 }),
            .. Row("B", 2).Select(seat => seat with { Rank = 100 }),
        ]);
        await TakeAsync(showId, "A1");

        AssertSeats(await BookBestAsync(showId, 2), together: true, "B1", "B2");
        // Now every block strands a seat: the ranks tie, so the lower position wins.
        AssertSeats(await BookBestAsync(showId, 2), together: true, "A2", "A3");
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>A pair in the middle of a row is not placed so that it strands a seat next to an aisle.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task A_pair_does_not_strand_a_seat_next_to_a_gap()
    {
        // Row A: 1 2 3 | 5 6 7 8 9 (an aisle at 4), all rank 0 but A3. A1 + A2 ranks best but strands
        // A3 by the aisle; A6 + A7 strands A5 by it; only A5 + A6 and A8 + A9 strand nobody, and the
        // lower position wins their tie.
        var showId = await CreateMapAsync(RowWithPositions("A", [1, 2, 3, 5, 6, 7, 8, 9]).Select(seat => seat with { Rank = seat.Position == 3 ? 5 : 0 }));

        AssertSeats(await BookBestAsync(showId, 2), together: true, "A5", "A6");
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>Only seats of the category, section or accessibility asked for qualify.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Only_seats_of_the_category_section_or_accessibility_asked_for_qualify()
    {
        // Stalls A (premium; A3, A4 accessible) and B (standard) with default ranks; the Circle's
        // row (standard) ranks best of all, so a filter is all that keeps a request out of it.
        var showId = await CreateMapAsync([
            .. Row("A", 4).Select(seat => seat with { Category = "premium", Accessible = seat.Position >= 3 }),
            .. Row("B", 4).Select(seat => seat with { Category = "standard" }),
            .. Row("A", 4, section: "Circle").Select(seat => seat with { Category = "standard", Rank = 0 }),
        ]);

        AssertSeats(await BookBestAsync(showId, 2, new BestAvailableOptions { Category = "standard" }), together: true, "Circle:A1", "Circle:A2");
        AssertSeats(await BookBestAsync(showId, 2, new BestAvailableOptions { Category = "standard", Section = "Stalls" }), together: true, "B1", "B2");
        AssertSeats(await BookBestAsync(showId, 2, new BestAvailableOptions { Accessible = true }), together: true, "A3", "A4");
        AssertSeats(await BookBestAsync(showId, 2, new BestAvailableOptions { Section = "Stalls" }), together: true, "A1", "A2");
        Assert.Equal(AllocationStatus.Unavailable, (await BookBestAsync(showId, 1, new BestAvailableOptions { Category = "box" })).Status);
        Assert.Equal(AllocationStatus.Unavailable, (await BookBestAsync(showId, 1, new BestAvailableOptions { Accessible = true })).Status);
        await AssertAvailabilityAsync(showId, available: 4, held: 0, booked: 8);
        await AssertInvariantsHoldAsync(showId);
    }
}
