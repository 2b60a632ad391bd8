using System.Net;
using System.Net.Http.Json;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>
/// A strategy that does not support seat maps, per-buyer limits, hold lifetime caps, extension or seat
/// lists yet (<see cref="Strategies.WithoutSeatMaps"/>) answers those requests with a 501 problem
/// (<c>code</c> <c>not_supported</c>) that changes nothing, never a 500.
/// </summary>
public sealed class UnsupportedFeatureTests(SampleApps apps) : IClassFixture<SampleApps>
{
    [Theory]
    [MemberData(nameof(Strategies.WithoutSeatMaps), MemberType = typeof(Strategies))]
    public async Task Creating_a_show_with_a_seat_map_or_limits_is_a_501_and_creates_nothing(string strategy)
    {
        var client = await ClientAsync(strategy);
        var map = SeatsClient.NewShowId("map");
        var limited = SeatsClient.NewShowId("limited");
        var capped = SeatsClient.NewShowId("capped");

        using var withMap = await client.CreateShowAsync(new { showId = map, seats = SeatMaps.Row(2) }, SeatsClient.NewKey());
        using var withLimit = await client.CreateShowAsync(new { showId = limited, capacity = 5, maxSeatsPerUser = 2 }, SeatsClient.NewKey());
        using var withCap = await client.CreateShowAsync(new { showId = capped, capacity = 5, maxHoldLifetimeSeconds = 600 }, SeatsClient.NewKey());

        foreach (var (response, showId) in new[] { (withMap, map), (withLimit, limited), (withCap, capped) })
        {
            await AssertNotSupportedAsync(response);
            using var read = await client.GetShowAsync(showId);
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(Strategies.WithoutSeatMaps), MemberType = typeof(Strategies))]
    public async Task Extending_a_hold_is_a_501_and_leaves_it_as_it_was(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(2);
        using var held = await client.As("ada").HoldAsync(showId, new { seats = new[] { "A1" } }, SeatsClient.NewKey());
        var hold = (await held.Content.ReadFromJsonAsync<HoldDto>())!;

        using var response = await client.As("ada").ExtendAsync(showId, hold.HoldId, new { seconds = 60 });

        await AssertNotSupportedAsync(response);
        Assert.Equal(new ShowDto(showId, 2, 1, 1, 0), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.WithoutSeatMaps), MemberType = typeof(Strategies))]
    public async Task Listing_a_shows_seats_is_a_501(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(2);

        using var response = await client.GetSeatsAsync(showId);

        await AssertNotSupportedAsync(response);
    }

    private static async Task AssertNotSupportedAsync(HttpResponseMessage response)
    {
        var problem = await Problem.AssertAsync(response, HttpStatusCode.NotImplemented);
        Assert.Equal("not_supported", problem.GetProperty("code").GetString());
    }

    private async Task<SeatsClient> ClientAsync(string strategy) => (await apps.GetAsync(strategy)).CreateSeatsClient();
}
