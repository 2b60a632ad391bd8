using System.Net;
using System.Net.Http.Json;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>
/// A show's per-buyer limit (<c>maxSeatsPerUser</c>) and hold extension within its lifetime cap
/// (<c>maxHoldLifetimeSeconds</c>), over HTTP (issue 14) — on the strategies that support them
/// (<see cref="Strategies.WithSeatMaps"/>).
/// </summary>
public sealed class ShowLimitTests(SampleApps apps) : IClassFixture<SampleApps>
{
    private static readonly TimeSpan HoldDuration = TimeSpan.FromMinutes(5);

    [Theory]
    [MemberData(nameof(Strategies.WithSeatMaps), MemberType = typeof(Strategies))]
    public async Task Over_the_per_buyer_limit_a_hold_or_booking_is_a_409_per_user_limit_and_other_buyers_go_on(string strategy)
    {
        var (_, client) = await ClientAsync(strategy);
        var showId = SeatsClient.NewShowId("limited");
        using (var created = await client.CreateShowAsync(new { showId, capacity = 10, maxSeatsPerUser = 3 }, SeatsClient.NewKey()))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await HoldAsync(client.As("ada"), showId, new { quantity = 2 });
        using var held = await client.As("ada").HoldAsync(showId, new { quantity = 2 }, SeatsClient.NewKey());
        using var booked = await client.As("ada").BookAsync(showId, new { quantity = 2 }, SeatsClient.NewKey());

        Assert.Equal("per_user_limit", (await Problem.AssertAsync(held, HttpStatusCode.Conflict)).GetProperty("code").GetString());
        Assert.Equal("per_user_limit", (await Problem.AssertAsync(booked, HttpStatusCode.Conflict)).GetProperty("code").GetString());
        await HoldAsync(client.As("ada"), showId, new { quantity = 1 }); // up to the limit is fine
        await HoldAsync(client.As("bob"), showId, new { quantity = 3 });
        Assert.Equal(new ShowDto(showId, 10, 4, 6, 0), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.WithSeatMaps), MemberType = typeof(Strategies))]
    public async Task The_per_buyer_limit_applies_to_best_available_requests_on_a_seat_map(string strategy)
    {
        var (_, client) = await ClientAsync(strategy);
        var showId = await SeatMaps.CreateAsync(client, SeatMaps.Stalls(), maxSeatsPerUser: 2);

        await HoldAsync(client.As("ada"), showId, new { quantity = 2 });
        using var response = await client.As("ada").HoldAsync(showId, new { quantity = 1, together = false }, SeatsClient.NewKey());

        Assert.Equal("per_user_limit", (await Problem.AssertAsync(response, HttpStatusCode.Conflict)).GetProperty("code").GetString());
    }

    [Theory]
    [MemberData(nameof(Strategies.WithSeatMaps), MemberType = typeof(Strategies))]
    public async Task Extending_a_hold_answers_200_with_its_later_expiry_and_keeps_it_alive(string strategy)
    {
        var (app, client) = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(2);
        var hold = await HoldAsync(client.As("ada"), showId, new { seats = new[] { "A1" } });

        using var response = await client.As("ada").ExtendAsync(showId, hold.HoldId, new { seconds = 120 });

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var extended = (await response.Content.ReadFromJsonAsync<HoldDto>())!;
        Assert.Equal(hold.HoldId, extended.HoldId);
        Assert.Equal(["A1"], extended.Seats);
        Assert.Equal(hold.ExpiresAt + TimeSpan.FromSeconds(120), extended.ExpiresAt);

        // Past the first expiry, the hold still holds and can be confirmed.
        app.Clock.Advance(HoldDuration + TimeSpan.FromSeconds(60));
        Assert.Equal(new ShowDto(showId, 2, 1, 1, 0), await client.ReadShowAsync(showId));
        using var confirmed = await client.As("ada").ConfirmAsync(showId, hold.HoldId, SeatsClient.NewKey());
        Assert.Equal(HttpStatusCode.Created, confirmed.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Strategies.WithSeatMaps), MemberType = typeof(Strategies))]
    public async Task Extending_past_the_lifetime_cap_is_a_409_hold_lifetime_cap_and_leaves_the_hold_as_it_was(string strategy)
    {
        var (_, client) = await ClientAsync(strategy);
        var showId = await SeatMaps.CreateAsync(client, SeatMaps.Row(2), maxHoldLifetimeSeconds: 360); // the hold lasts 300 s
        var hold = await HoldAsync(client.As("ada"), showId, new { quantity = 1 });

        using var tooFar = await client.As("ada").ExtendAsync(showId, hold.HoldId, new { seconds = 61 });
        var problem = await Problem.AssertAsync(tooFar, HttpStatusCode.Conflict);
        Assert.Equal("hold_lifetime_cap", problem.GetProperty("code").GetString());

        using var upToTheCap = await client.As("ada").ExtendAsync(showId, hold.HoldId, new { seconds = 60 });
        Assert.True(upToTheCap.StatusCode == HttpStatusCode.OK, await upToTheCap.Content.ReadAsStringAsync());
        var extended = (await upToTheCap.Content.ReadFromJsonAsync<HoldDto>())!;
        Assert.Equal(hold.ExpiresAt + TimeSpan.FromSeconds(60), extended.ExpiresAt);
        Assert.True(extended.Together); // a best-available hold says so when extended too
    }

    [Theory]
    [MemberData(nameof(Strategies.WithSeatMaps), MemberType = typeof(Strategies))]
    public async Task Extending_an_expired_hold_is_a_410(string strategy)
    {
        var (app, client) = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(1);
        var hold = await HoldAsync(client.As("ada"), showId, new { seats = new[] { "A1" } });

        app.Clock.Advance(HoldDuration + TimeSpan.FromSeconds(1));
        using var response = await client.As("ada").ExtendAsync(showId, hold.HoldId, new { seconds = 60 });

        await Problem.AssertAsync(response, HttpStatusCode.Gone);
        Assert.Equal(new ShowDto(showId, 1, 1, 0, 0), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.WithSeatMaps), MemberType = typeof(Strategies))]
    public async Task Extending_an_unknown_or_another_users_hold_is_a_404(string strategy)
    {
        var (_, client) = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(1);
        var hold = await HoldAsync(client.As("ada"), showId, new { seats = new[] { "A1" } });

        using var unknown = await client.As("ada").ExtendAsync(showId, Guid.NewGuid().ToString("N"), new { seconds = 60 });
        using var others = await client.As("mallory").ExtendAsync(showId, hold.HoldId, new { seconds = 60 });
        using var confirmed = await client.As("ada").ConfirmAsync(showId, hold.HoldId, SeatsClient.NewKey());
        using var booking = await client.As("ada").ExtendAsync(showId, hold.HoldId, new { seconds = 60 });

        await Problem.AssertAsync(unknown, HttpStatusCode.NotFound, "holdId");
        await Problem.AssertAsync(others, HttpStatusCode.NotFound, "holdId");
        Assert.Equal(HttpStatusCode.Created, confirmed.StatusCode);
        await Problem.AssertAsync(booking, HttpStatusCode.NotFound, "holdId"); // a confirmed hold is a booking now
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
