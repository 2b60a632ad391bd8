using System.Net;
using System.Net.Http.Json;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>Holds: create, confirm, release, expire, and only by their own user — on every strategy.</summary>
public sealed class HoldTests(SampleApps apps) : IClassFixture<SampleApps>
{
    private static readonly TimeSpan HoldDuration = TimeSpan.FromMinutes(5);

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Holding_named_seats_answers_201_with_an_unguessable_id_and_the_expiry(string strategy)
    {
        var (app, client) = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(4);

        var hold = await HoldAsync(client.As("ada"), showId, new { seats = new[] { "A3", "A1" } });
        var other = await HoldAsync(client.As("bob"), showId, new { seats = new[] { "A2" } });

        Assert.Equal(showId, hold.ShowId);
        Assert.Equal(["A1", "A3"], hold.Seats);
        Assert.Equal(2, hold.Quantity);
        Assert.Equal(app.Clock.GetUtcNow() + HoldDuration, hold.ExpiresAt);
        Assert.True(Guid.TryParse(hold.HoldId, out _), $"hold id {hold.HoldId} is not a GUID");
        Assert.NotEqual(hold.HoldId, other.HoldId);
        Assert.Equal(new ShowDto(showId, 4, 1, 3, 0), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Holding_a_quantity_on_a_seated_show_picks_free_seats_and_lists_them(string strategy)
    {
        var (_, client) = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(3);
        await HoldAsync(client.As("ada"), showId, new { seats = new[] { "A2" } });

        var hold = await HoldAsync(client.As("bob"), showId, new { quantity = 2 });

        Assert.Equal(["A1", "A3"], hold.Seats);
        Assert.Equal(new ShowDto(showId, 3, 0, 3, 0), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Holding_a_taken_seat_answers_409_listing_it_and_holds_nothing(string strategy)
    {
        var (_, client) = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(3);
        await HoldAsync(client.As("ada"), showId, new { seats = new[] { "A2" } });

        using var response = await client.As("bob").HoldAsync(showId, new { seats = new[] { "A1", "A2" } }, SeatsClient.NewKey());

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(["A2"], problem.GetProperty("unavailableSeats").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(new ShowDto(showId, 3, 2, 1, 0), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Confirming_a_hold_answers_201_with_a_booking_of_the_same_id_and_seats(string strategy)
    {
        var (_, client) = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(3);
        var hold = await HoldAsync(client.As("ada"), showId, new { seats = new[] { "A1", "A2" } });

        using var confirmed = await client.As("ada").ConfirmAsync(showId, hold.HoldId, SeatsClient.NewKey());

        Assert.Equal(HttpStatusCode.Created, confirmed.StatusCode);
        var booking = (await confirmed.Content.ReadFromJsonAsync<BookingDto>())!;
        Assert.Equal(hold.HoldId, booking.BookingId);
        Assert.Equal(showId, booking.ShowId);
        Assert.Equal(["A1", "A2"], booking.Seats);
        Assert.Equal(2, booking.Quantity);
        Assert.False(confirmed.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(new ShowDto(showId, 3, 1, 0, 2), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Confirming_twice_returns_the_same_booking_marked_as_a_replay(string strategy)
    {
        var (_, client) = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(2);
        var hold = await HoldAsync(client.As("ada"), showId, new { quantity = 1 });
        using var first = await client.As("ada").ConfirmAsync(showId, hold.HoldId, SeatsClient.NewKey());

        using var second = await client.As("ada").ConfirmAsync(showId, hold.HoldId, SeatsClient.NewKey());

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(["true"], second.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal((await first.Content.ReadFromJsonAsync<BookingDto>())!.BookingId, (await second.Content.ReadFromJsonAsync<BookingDto>())!.BookingId);
        Assert.Equal(new ShowDto(showId, 2, 1, 0, 1), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Another_user_can_neither_confirm_nor_release_a_hold(string strategy)
    {
        var (_, client) = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(2);
        var hold = await HoldAsync(client.As("ada"), showId, new { seats = new[] { "A1" } });

        using var confirmed = await client.As("mallory").ConfirmAsync(showId, hold.HoldId, SeatsClient.NewKey());
        using var released = await client.As("mallory").ReleaseAsync(showId, hold.HoldId);

        await Problem.AssertAsync(confirmed, HttpStatusCode.NotFound, "holdId");
        await Problem.AssertAsync(released, HttpStatusCode.NotFound, "holdId");
        Assert.Equal(new ShowDto(showId, 2, 1, 1, 0), await client.ReadShowAsync(showId));
        using var byOwner = await client.As("ada").ConfirmAsync(showId, hold.HoldId, SeatsClient.NewKey());
        Assert.Equal(HttpStatusCode.Created, byOwner.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Confirming_an_unknown_hold_answers_404(string strategy)
    {
        var (_, client) = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(1);

        using var response = await client.As("ada").ConfirmAsync(showId, Guid.NewGuid().ToString("N"), SeatsClient.NewKey());

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "holdId");
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Confirming_an_expired_hold_answers_410_and_its_seats_are_back_on_sale(string strategy)
    {
        var (app, client) = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(2);
        var hold = await HoldAsync(client.As("ada"), showId, new { seats = new[] { "A1" } });

        app.Clock.Advance(HoldDuration + TimeSpan.FromSeconds(1));
        using var response = await client.As("ada").ConfirmAsync(showId, hold.HoldId, SeatsClient.NewKey());

        await Problem.AssertAsync(response, HttpStatusCode.Gone);
        Assert.Equal(new ShowDto(showId, 2, 2, 0, 0), await client.ReadShowAsync(showId));
        var next = await HoldAsync(client.As("bob"), showId, new { seats = new[] { "A1" } });
        Assert.Equal(["A1"], next.Seats);
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Releasing_a_hold_answers_204_frees_its_seats_and_is_harmless_to_repeat(string strategy)
    {
        var (_, client) = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(2);
        var hold = await HoldAsync(client.As("ada"), showId, new { seats = new[] { "A1", "A2" } });

        using var released = await client.As("ada").ReleaseAsync(showId, hold.HoldId);
        using var again = await client.As("ada").ReleaseAsync(showId, hold.HoldId);

        Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(new ShowDto(showId, 2, 2, 0, 0), await client.ReadShowAsync(showId));
        using var confirmed = await client.As("ada").ConfirmAsync(showId, hold.HoldId, SeatsClient.NewKey());
        Assert.True(confirmed.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone, $"confirming a released hold answered {confirmed.StatusCode}");
        Assert.Equal(new ShowDto(showId, 2, 2, 0, 0), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Releasing_an_unknown_hold_answers_404(string strategy)
    {
        var (_, client) = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(1);

        using var response = await client.As("ada").ReleaseAsync(showId, Guid.NewGuid().ToString("N"));

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "holdId");
    }

    private static async Task<HoldDto> HoldAsync(SeatsClient client, string showId, object body)
    {
        using var response = await client.HoldAsync(showId, body, SeatsClient.NewKey());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<HoldDto>())!;
    }

    private async Task<(SampleApp App, SeatsClient Client)> ClientAsync(string strategy)
    {
        var app = await apps.GetAsync(strategy);
        return (app, app.CreateSeatsClient());
    }
}
