using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>
/// Seat maps over HTTP (issue 14): creating a show with seat objects, best-available holds and
/// bookings, <c>not_enough_together</c>, categories and sections in <c>GET /shows/{showId}</c>, and
/// <c>GET /shows/{showId}/seats</c> — on the strategies that support seat maps
/// (<see cref="Strategies.WithSeatMaps"/>); input refused before any strategy is reached, on all.
/// </summary>
public sealed class SeatMapTests(SampleApps apps) : IClassFixture<SampleApps>
{
    [Theory]
    [MemberData(nameof(Strategies.WithSeatMaps), MemberType = typeof(Strategies))]
    public async Task Creating_a_show_with_a_seat_map_answers_201_with_its_categories_and_sections(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = SeatsClient.NewShowId("map");

        using var created = await client.CreateShowAsync(new { showId, seats = SeatMaps.Stalls() }, SeatsClient.NewKey());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(8, body.GetProperty("capacity").GetInt32());
        AssertGroup(body.GetProperty("categories"), "Premium", 4, 4);
        AssertGroup(body.GetProperty("categories"), "Standard", 4, 4);
        AssertGroup(body.GetProperty("sections"), "Stalls", 8, 8);
        Assert.Equal(new ShowDto(showId, 8, 8, 0, 0), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task A_show_of_plain_seat_ids_has_no_categories_or_sections(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(3);

        using var response = await client.GetShowAsync(showId);

        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.TryGetProperty("categories", out _), body.ToString());
        Assert.False(body.TryGetProperty("sections", out _), body.ToString());
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task A_seats_array_that_mixes_ids_and_objects_is_a_400_naming_seats(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = SeatsClient.NewShowId("mixed");

        using var response = await client.CreateShowAsync(new { showId, seats = new object[] { "A1", SeatMaps.Seat("A2", "A", 2) } }, SeatsClient.NewKey());

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "seats");
        Assert.Contains("seats[1]", problem.GetProperty("errors").GetProperty("seats")[0].GetString(), StringComparison.Ordinal);
        using var read = await client.GetShowAsync(showId);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Strategies.WithSeatMaps), MemberType = typeof(Strategies))]
    public async Task A_quantity_on_a_seat_map_holds_the_best_seats_together(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await SeatMaps.CreateAsync(client, SeatMaps.Stalls());

        // No best-available field: on a seat map, a quantity is best-available, together by default.
        var hold = await HoldAsync(client.As("ada"), showId, new { quantity = 2 });

        Assert.Equal(["A1", "A2"], hold.Seats); // front row; A2+A3 would strand A1 and A4
        Assert.True(hold.Together);
        var show = JsonDocument.Parse(await (await client.GetShowAsync(showId)).Content.ReadAsStringAsync()).RootElement;
        AssertGroup(show.GetProperty("categories"), "Premium", 4, 2);
        AssertGroup(show.GetProperty("sections"), "Stalls", 8, 6);
    }

    [Theory]
    [MemberData(nameof(Strategies.WithSeatMaps), MemberType = typeof(Strategies))]
    public async Task A_best_available_booking_keeps_to_its_category_and_says_together(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await SeatMaps.CreateAsync(client, SeatMaps.Stalls());

        using var response = await client.As("ada").BookAsync(showId, new { quantity = 2, together = true, category = "Standard" }, SeatsClient.NewKey());

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var booking = (await response.Content.ReadFromJsonAsync<BookingDto>())!;
        Assert.Equal(["B1", "B2"], booking.Seats);
        Assert.True(booking.Together);
        Assert.Equal(new ShowDto(showId, 8, 6, 0, 2), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.WithSeatMaps), MemberType = typeof(Strategies))]
    public async Task An_accessible_request_gets_an_accessible_seat(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await SeatMaps.CreateAsync(client, SeatMaps.Stalls());

        var hold = await HoldAsync(client.As("ada"), showId, new { quantity = 1, accessible = true });

        Assert.Equal(["B1"], hold.Seats);
    }

    [Theory]
    [MemberData(nameof(Strategies.WithSeatMaps), MemberType = typeof(Strategies))]
    public async Task Seats_free_only_apart_are_a_409_not_enough_together_unless_together_is_false(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await SeatMaps.CreateAsync(client, SeatMaps.Row(3));
        await HoldAsync(client.As("bob"), showId, new { seats = new[] { "A2" } });

        using var together = await client.As("ada").HoldAsync(showId, new { quantity = 2 }, SeatsClient.NewKey());
        var problem = await Problem.AssertAsync(together, HttpStatusCode.Conflict);
        Assert.Equal("not_enough_together", problem.GetProperty("code").GetString());
        Assert.Equal(new ShowDto(showId, 3, 2, 1, 0), await client.ReadShowAsync(showId));

        var apart = await HoldAsync(client.As("ada"), showId, new { quantity = 2, together = false });
        Assert.Equal(["A1", "A3"], apart.Seats);
        Assert.False(apart.Together);
    }

    [Theory]
    [MemberData(nameof(Strategies.WithSeatMaps), MemberType = typeof(Strategies))]
    public async Task Too_few_seats_for_a_best_available_request_is_the_ordinary_409(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await SeatMaps.CreateAsync(client, SeatMaps.Row(2));

        using var response = await client.As("ada").HoldAsync(showId, new { quantity = 3 }, SeatsClient.NewKey());

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Conflict);
        Assert.False(problem.TryGetProperty("code", out _), problem.ToString());
    }

    [Theory]
    [MemberData(nameof(Strategies.WithSeatMaps), MemberType = typeof(Strategies))]
    public async Task Replaying_a_best_available_hold_returns_the_seats_first_chosen(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await SeatMaps.CreateAsync(client, SeatMaps.Stalls());
        var key = SeatsClient.NewKey();
        using var first = await client.As("ada").HoldAsync(showId, new { quantity = 2, section = "Stalls" }, key);
        await HoldAsync(client.As("bob"), showId, new { seats = new[] { "A3" } });

        using var replay = await client.As("ada").HoldAsync(showId, new { quantity = 2, section = "Stalls" }, key);

        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(["true"], replay.Headers.GetValues("Idempotent-Replayed"));
        var (original, replayed) = ((await first.Content.ReadFromJsonAsync<HoldDto>())!, (await replay.Content.ReadFromJsonAsync<HoldDto>())!);
        Assert.Equal(original.HoldId, replayed.HoldId);
        Assert.Equal(["A1", "A2"], original.Seats);
        Assert.Equal(original.Seats, replayed.Seats);
        Assert.True(replayed.Together);
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Plain_quantity_requests_on_shows_without_a_map_say_nothing_of_together(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(3);

        using var response = await client.As("ada").HoldAsync(showId, new { quantity = 2 }, SeatsClient.NewKey());

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        Assert.False(JsonDocument.Parse(text).RootElement.TryGetProperty("together", out _), text);
    }

    [Theory]
    [MemberData(nameof(Strategies.WithSeatMaps), MemberType = typeof(Strategies))]
    public async Task The_seat_list_draws_the_map_with_each_seats_status(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await SeatMaps.CreateAsync(client, SeatMaps.Stalls());
        await HoldAsync(client.As("ada"), showId, new { seats = new[] { "A1" } });
        using var booked = await client.As("bob").BookAsync(showId, new { seats = new[] { "B4" } }, SeatsClient.NewKey());
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);

        var map = await ReadSeatsAsync(client, showId);

        Assert.Equal(showId, map.ShowId);
        Assert.Equal(["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4"], map.Seats.Select(seat => seat.Id));
        Assert.Equal(new SeatDto("A1", "held", "Stalls", "A", 1, "Premium", false, 3), map.Seats[0]);
        Assert.Equal(new SeatDto("A2", "free", "Stalls", "A", 2, "Premium", false, 1), map.Seats[1]);
        Assert.Equal(new SeatDto("B1", "free", "Stalls", "B", 1, "Standard", true, 5), map.Seats[4]);
        Assert.Equal(new SeatDto("B4", "booked", "Stalls", "B", 4, "Standard", false, 5), map.Seats[7]);
    }

    [Theory]
    [MemberData(nameof(Strategies.WithSeatMaps), MemberType = typeof(Strategies))]
    public async Task The_seat_list_of_plain_seat_ids_has_ids_and_statuses_only(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(2);
        await HoldAsync(client.As("ada"), showId, new { seats = new[] { "A2" } });

        using var response = await client.GetSeatsAsync(showId);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var seats = JsonDocument.Parse(text).RootElement.GetProperty("seats").EnumerateArray().ToArray();
        Assert.Equal(["A1:free", "A2:held"], seats.Select(seat => $"{seat.GetProperty("id").GetString()}:{seat.GetProperty("status").GetString()}"));
        Assert.All(seats, seat => Assert.Equal(["id", "status"], seat.EnumerateObject().Select(field => field.Name)));
    }

    [Theory]
    [MemberData(nameof(Strategies.WithSeatMaps), MemberType = typeof(Strategies))]
    public async Task The_seat_list_of_a_general_admission_show_is_empty_and_of_an_unknown_show_a_404(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateGeneralAdmissionShowAsync(5);

        Assert.Empty((await ReadSeatsAsync(client, showId)).Seats);
        using var unknown = await client.GetSeatsAsync(SeatsClient.NewShowId("unknown"));
        await Problem.AssertAsync(unknown, HttpStatusCode.NotFound, "showId");
    }

    private static void AssertGroup(JsonElement groups, string name, int capacity, int available)
    {
        var group = groups.GetProperty(name);
        Assert.Equal((capacity, available), (group.GetProperty("capacity").GetInt32(), group.GetProperty("available").GetInt32()));
    }

    private static async Task<SeatMapDto> ReadSeatsAsync(SeatsClient client, string showId)
    {
        using var response = await client.GetSeatsAsync(showId);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SeatMapDto>())!;
    }

    private static async Task<HoldDto> HoldAsync(SeatsClient client, string showId, object body)
    {
        using var response = await client.HoldAsync(showId, body, SeatsClient.NewKey());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<HoldDto>())!;
    }

    private async Task<SeatsClient> ClientAsync(string strategy) => (await apps.GetAsync(strategy)).CreateSeatsClient();
}
