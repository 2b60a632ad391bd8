using System.Net;
using System.Net.Http.Json;
using SeatAllocation;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>
/// <c>POST /shows</c> with an <c>Idempotency-Key</c>: a replay answers 201 again and creates nothing,
/// another body under the key is a 422, a show id another request took is a 409 — on every strategy,
/// and across app instances that share PostgreSQL.
/// </summary>
public sealed class ShowIdempotencyTests(SampleApps apps) : IClassFixture<SampleApps>
{
    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Replaying_a_show_creation_answers_201_again_marked_as_a_replay_and_creates_nothing(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = SeatsClient.NewShowId();
        var key = SeatsClient.NewKey();
        var body = new { showId, seats = new[] { "A1", "A2", "A3" } };

        using var first = await client.CreateShowAsync(body, key);
        using var booked = await client.As("ada").BookAsync(showId, new { seats = new[] { "A1" } }, SeatsClient.NewKey());
        using var replay = await client.CreateShowAsync(body, key);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, booked.StatusCode, replay.StatusCode));
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(["true"], replay.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(SeatsClient.ShowPath(showId), replay.Headers.Location?.OriginalString);
        Assert.Equal(await first.Content.ReadFromJsonAsync<ShowDto>(), await replay.Content.ReadFromJsonAsync<ShowDto>());
        Assert.Equal(new ShowDto(showId, 3, 2, 0, 1), await client.ReadShowAsync(showId)); // the booking survived: nothing was recreated
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Reusing_a_show_creation_key_with_another_body_answers_422_and_creates_nothing(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = SeatsClient.NewShowId();
        var otherShowId = SeatsClient.NewShowId("other");
        var key = SeatsClient.NewKey();
        using var first = await client.CreateShowAsync(new { showId, capacity = 50 }, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var otherCapacity = await client.CreateShowAsync(new { showId, capacity = 60 }, key);
        using var seatsInstead = await client.CreateShowAsync(new { showId, seats = new[] { "A1" } }, key);
        using var otherShow = await client.CreateShowAsync(new { showId = otherShowId, capacity = 50 }, key);

        await Problem.AssertAsync(otherCapacity, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        await Problem.AssertAsync(seatsInstead, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        await Problem.AssertAsync(otherShow, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        Assert.Equal(new ShowDto(showId, 50, 50, 0, 0), await client.ReadShowAsync(showId));
        using var missing = await client.GetShowAsync(otherShowId);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task A_show_id_taken_by_another_request_answers_409_with_or_without_its_key(string strategy)
    {
        var app = await apps.GetAsync(strategy);
        var client = app.CreateSeatsClient();
        var viaApi = SeatsClient.NewShowId();
        var viaLibrary = SeatsClient.NewShowId();
        using var created = await client.CreateShowAsync(new { showId = viaApi, capacity = 5 }, SeatsClient.NewKey());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // A show created without any key, as another service or an import using the library would.
        Assert.Equal(CreateShowResult.Created, await app.Strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(viaLibrary, 5)));

        using var sameBodyOtherKey = await client.CreateShowAsync(new { showId = viaApi, capacity = 5 }, SeatsClient.NewKey());
        using var keylessOwner = await client.CreateShowAsync(new { showId = viaLibrary, capacity = 5 }, SeatsClient.NewKey());

        var problem = await Problem.AssertAsync(sameBodyOtherKey, HttpStatusCode.Conflict, "showId");
        Assert.Equal(SeatsClient.ShowPath(viaApi), problem.GetProperty("location").GetString());
        await Problem.AssertAsync(keylessOwner, HttpStatusCode.Conflict, "showId");
        Assert.False(sameBodyOtherKey.Headers.Contains("Idempotent-Replayed"));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Twenty_concurrent_replays_of_a_show_creation_all_answer_201_and_create_one_show(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = SeatsClient.NewShowId();
        var key = SeatsClient.NewKey();
        var body = new { showId, seats = SeatsClient.SeatIds(8) };

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.CreateShowAsync(body, key)));

        try
        {
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
            Assert.Equal(19, responses.Count(r => r.Headers.Contains("Idempotent-Replayed")));
            Assert.Equal(new ShowDto(showId, 8, 8, 0, 0), await client.ReadShowAsync(showId));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_key_recorded_by_one_app_instance_is_replayed_by_another_sharing_the_database()
    {
        // Two instances of the app on one PostgreSQL, as behind a load balancer; the second could as
        // well be the first after a restart: the key lives in the database, not in either process.
        var first = (await apps.GetAsync("Pessimistic")).CreateSeatsClient();
        await using var secondApp = await SampleApp.StartAsync("Optimistic");
        var second = secondApp.CreateSeatsClient();
        var showId = SeatsClient.NewShowId();
        var key = SeatsClient.NewKey();

        using var created = await first.CreateShowAsync(new { showId, capacity = 40 }, key);
        using var replayed = await second.CreateShowAsync(new { showId, capacity = 40 }, key);
        using var reused = await second.CreateShowAsync(new { showId, capacity = 41 }, key);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal((HttpStatusCode.Created, "true"), (replayed.StatusCode, replayed.Headers.GetValues("Idempotent-Replayed").Single()));
        await Problem.AssertAsync(reused, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        Assert.Equal(new ShowDto(showId, 40, 40, 0, 0), await second.ReadShowAsync(showId));
    }

    private async Task<SeatsClient> ClientAsync(string strategy) => (await apps.GetAsync(strategy)).CreateSeatsClient();
}
