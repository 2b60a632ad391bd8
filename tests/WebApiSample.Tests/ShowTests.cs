using System.Net;
using System.Net.Http.Json;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary><c>POST /shows</c> and <c>GET /shows/{showId}</c>, on every strategy.</summary>
public sealed class ShowTests(SampleApps apps) : IClassFixture<SampleApps>
{
    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Creating_a_seated_show_answers_201_with_its_address_and_inventory(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = SeatsClient.NewShowId();

        using var created = await client.CreateShowAsync(new { showId, seats = new[] { "A1", "A2", "B1" } }, SeatsClient.NewKey());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(SeatsClient.ShowPath(showId), created.Headers.Location?.OriginalString);
        Assert.Equal(new ShowDto(showId, 3, 3, 0, 0), await created.Content.ReadFromJsonAsync<ShowDto>());
        Assert.Equal(new ShowDto(showId, 3, 3, 0, 0), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Creating_a_general_admission_show_answers_201_with_its_capacity(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = SeatsClient.NewShowId();

        using var created = await client.CreateShowAsync(new { showId, capacity = 500 }, SeatsClient.NewKey());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(new ShowDto(showId, 500, 500, 0, 0), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Creating_a_show_that_exists_answers_409_and_changes_nothing(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(2);
        using var booked = await client.As("ada").BookAsync(showId, new { seats = new[] { "A1" } }, SeatsClient.NewKey());
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);

        using var again = await client.CreateShowAsync(new { showId, capacity = 9 }, SeatsClient.NewKey());

        var problem = await Problem.AssertAsync(again, HttpStatusCode.Conflict, "showId");
        Assert.Equal(SeatsClient.ShowPath(showId), problem.GetProperty("location").GetString());
        Assert.Equal(new ShowDto(showId, 2, 1, 0, 1), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Reading_an_unknown_show_answers_404_problem(string strategy)
    {
        var client = await ClientAsync(strategy);

        using var response = await client.GetShowAsync(SeatsClient.NewShowId("missing"));

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "showId");
    }

    private async Task<SeatsClient> ClientAsync(string strategy) => (await apps.GetAsync(strategy)).CreateSeatsClient();
}
