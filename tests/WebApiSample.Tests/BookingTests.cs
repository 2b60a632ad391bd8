using System.Net;
using System.Net.Http.Json;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>Bookings: book in one step and cancel, only by their own user — on every strategy.</summary>
public sealed class BookingTests(SampleApps apps) : IClassFixture<SampleApps>
{
    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Booking_named_seats_answers_201_with_an_unguessable_id(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(3);

        var booking = await BookAsync(client.As("ada"), showId, new { seats = new[] { "A2", "A1" } });
        var other = await BookAsync(client.As("bob"), showId, new { seats = new[] { "A3" } });

        Assert.Equal(showId, booking.ShowId);
        Assert.Equal(["A1", "A2"], booking.Seats);
        Assert.Equal(2, booking.Quantity);
        Assert.True(Guid.TryParse(booking.BookingId, out _), $"booking id {booking.BookingId} is not a GUID");
        Assert.NotEqual(booking.BookingId, other.BookingId);
        Assert.Equal(new ShowDto(showId, 3, 0, 0, 3), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Booking_a_quantity_on_a_seated_show_picks_free_seats_and_lists_them(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(4);
        await BookAsync(client.As("ada"), showId, new { seats = new[] { "A1", "A3" } });

        var booking = await BookAsync(client.As("bob"), showId, new { quantity = 2 });

        Assert.Equal(["A2", "A4"], booking.Seats);
        Assert.Equal(new ShowDto(showId, 4, 0, 0, 4), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Booking_general_admission_counts_places_without_seat_ids(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateGeneralAdmissionShowAsync(100);

        var booking = await BookAsync(client.As("ada"), showId, new { quantity = 40 });

        Assert.Empty(booking.Seats);
        Assert.Equal(40, booking.Quantity);
        Assert.Equal(new ShowDto(showId, 100, 60, 0, 40), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Booking_a_taken_or_unknown_seat_answers_409_listing_it_and_books_nothing(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(3);
        await BookAsync(client.As("ada"), showId, new { seats = new[] { "A1" } });

        using var response = await client.As("bob").BookAsync(showId, new { seats = new[] { "A1", "A2", "Z9" } }, SeatsClient.NewKey());

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(["A1", "Z9"], problem.GetProperty("unavailableSeats").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(new ShowDto(showId, 3, 2, 0, 1), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Booking_more_than_is_left_answers_409_sold_out_and_books_nothing(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateGeneralAdmissionShowAsync(10);
        await BookAsync(client.As("ada"), showId, new { quantity = 8 });

        using var response = await client.As("bob").BookAsync(showId, new { quantity = 3 }, SeatsClient.NewKey());

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(0, problem.GetProperty("unavailableSeats").GetArrayLength());
        Assert.Equal(new ShowDto(showId, 10, 2, 0, 8), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Cancelling_a_booking_answers_204_frees_its_seats_and_is_harmless_to_repeat(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(2);
        var booking = await BookAsync(client.As("ada"), showId, new { seats = new[] { "A1", "A2" } });

        using var cancelled = await client.As("ada").CancelAsync(showId, booking.BookingId);
        using var again = await client.As("ada").CancelAsync(showId, booking.BookingId);

        Assert.Equal(HttpStatusCode.NoContent, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(new ShowDto(showId, 2, 2, 0, 0), await client.ReadShowAsync(showId));
        var rebooked = await BookAsync(client.As("bob"), showId, new { seats = new[] { "A1" } });
        Assert.NotEqual(booking.BookingId, rebooked.BookingId);
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Another_user_cannot_cancel_a_booking(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(1);
        var booking = await BookAsync(client.As("ada"), showId, new { quantity = 1 });

        using var response = await client.As("mallory").CancelAsync(showId, booking.BookingId);

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "bookingId");
        Assert.Equal(new ShowDto(showId, 1, 0, 0, 1), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Cancelling_an_unknown_booking_or_a_hold_as_a_booking_answers_404(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(2);
        using var held = await client.As("ada").HoldAsync(showId, new { seats = new[] { "A1" } }, SeatsClient.NewKey());
        var hold = (await held.Content.ReadFromJsonAsync<HoldDto>())!;

        using var unknown = await client.As("ada").CancelAsync(showId, Guid.NewGuid().ToString("N"));
        using var notABooking = await client.As("ada").CancelAsync(showId, hold.HoldId);

        await Problem.AssertAsync(unknown, HttpStatusCode.NotFound, "bookingId");
        await Problem.AssertAsync(notABooking, HttpStatusCode.NotFound, "bookingId");
        Assert.Equal(new ShowDto(showId, 2, 1, 1, 0), await client.ReadShowAsync(showId));
    }

    private static async Task<BookingDto> BookAsync(SeatsClient client, string showId, object body)
    {
        using var response = await client.BookAsync(showId, body, SeatsClient.NewKey());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<BookingDto>())!;
    }

    private async Task<SeatsClient> ClientAsync(string strategy) => (await apps.GetAsync(strategy)).CreateSeatsClient();
}
