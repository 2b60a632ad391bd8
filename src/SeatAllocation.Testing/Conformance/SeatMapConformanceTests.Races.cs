using Xunit;

namespace SeatAllocation.Testing;

public abstract partial class SeatMapConformanceTests
{
    /// <summary>
    /// Five hundred buyers each asking for two seats together on a 200-seat map: every booking is a
    /// pair of adjacent seats, no seat is sold twice, and the house sells out wherever a pair fits.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Five_hundred_buyers_of_two_seats_together_sell_every_pair_and_no_seat_twice()
    {
        // Ten rows of twenty, two with an aisle, so that rows hold runs of odd length as well.
        var rows = Enumerable.Range(0, 10).Select(i => ((char)('A' + i)).ToString()).ToArray();
        var showId = await CreateMapAsync(rows.SelectMany(row => row is "C" or "F"
            ? RowWithPositions(row, [.. Enumerable.Range(1, 21).Where(position => position != 8)])
            : Row(row, 20)));

        var results = await Concurrency.RaceAsync(500, i =>
            Strategy.BookAsync(AllocationRequest.BestAvailable(showId, NewId("req"), $"user{i}", 2)));

        var bookings = results.Where(r => r.Succeeded).Select(r => r.Allocation!).ToList();
        var sold = bookings.SelectMany(b => b.SeatIds).ToList();
        Assert.All(bookings, booking =>
        {
            Assert.Equal(2, booking.SeatIds.Count);
            Assert.Equal(true, booking.Together);
            Assert.True(AreTogether(showId, booking.SeatIds), $"{string.Join(", ", booking.SeatIds)} are not adjacent.");
        });
        Assert.Equal(sold.Count, sold.Distinct().Count());
        Assert.Empty(FreePairs(showId, sold));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.True(r.Status is AllocationStatus.NotEnoughTogether or AllocationStatus.Unavailable, r.ToString()));
        await AssertAvailabilityAsync(showId, available: 200 - sold.Count, held: 0, booked: sold.Count);
        await AssertInvariantsHoldAsync(showId);
    }
}
