using System.Net;
using System.Net.Http.Json;
using System.Text;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>
/// Who may do what: every state-changing route needs a valid bearer token (401 problem otherwise),
/// creating shows needs the organizer role (403 problem otherwise), reads and operations routes are
/// open, and the user is the token's <c>sub</c> — never a <c>userId</c> in the body or query.
/// </summary>
public sealed class AuthenticationTests(SampleApps apps) : IClassFixture<SampleApps>
{
    /// <summary>Each secured route with a request that a valid organizer token would get through. Placeholders as in <see cref="BadInputTests"/>, plus {booking}.</summary>
    private static readonly Dictionary<string, (string Method, string Path, string? Body)> SecuredRoutes = new()
    {
        ["create show"] = ("POST", "/shows", """{"showId":"{newShow}","capacity":5}"""),
        ["hold"] = ("POST", "/shows/{show}/holds", """{"quantity":1}"""),
        ["book"] = ("POST", "/shows/{show}/bookings", """{"quantity":1}"""),
        ["confirm"] = ("POST", "/shows/{show}/holds/{hold}/confirm", null),
        ["release"] = ("DELETE", "/shows/{show}/holds/{hold}", null),
        ["cancel"] = ("DELETE", "/shows/{show}/bookings/{booking}", null),
    };

    /// <summary>Tokens the app must refuse, made for the user who owns the hold and booking, with the organizer role.</summary>
    private static readonly Dictionary<string, Func<SampleApp, string?>> BadTokens = new()
    {
        ["no token"] = _ => null,
        ["not a JWT"] = _ => "not-a-token",
        ["signed with another key"] = _ => HandMadeTokens.Create(HandMadeTokens.RandomKey(), "ada", ["organizer"]),
        ["expired an hour ago"] = app => HandMadeTokens.Create(HandMadeTokens.SigningKeyOf(app), "ada", ["organizer"], notBefore: DateTime.UtcNow.AddHours(-2), expires: DateTime.UtcNow.AddHours(-1)),
        ["for another audience"] = app => HandMadeTokens.Create(HandMadeTokens.SigningKeyOf(app), "ada", ["organizer"], audience: "another-api"),
        ["from another issuer"] = app => HandMadeTokens.Create(HandMadeTokens.SigningKeyOf(app), "ada", ["organizer"], issuer: "someone-else"),
    };

    public static TheoryData<string, string> RoutesAndBadTokens
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var route in SecuredRoutes.Keys)
            {
                foreach (var token in BadTokens.Keys)
                {
                    data.Add(route, token);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(RoutesAndBadTokens))]
    public async Task A_state_changing_request_without_a_valid_token_is_a_401_problem_and_changes_nothing(string route, string token)
    {
        var app = await apps.GetAsync("InMemory");
        var (showId, holdId, bookingId) = await ShowWithAdasHoldAndBookingAsync(app);
        var newShowId = SeatsClient.NewShowId("never-created");
        var organizer = app.CreateSeatsClient();
        var before = await organizer.ReadShowAsync(showId);
        var (method, path, body) = SecuredRoutes[route];
        string Fill(string text) => text
            .Replace("{show}", showId, StringComparison.Ordinal)
            .Replace("{hold}", holdId, StringComparison.Ordinal)
            .Replace("{booking}", bookingId, StringComparison.Ordinal)
            .Replace("{newShow}", newShowId, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path));
        if (body is not null)
        {
            request.Content = new StringContent(Fill(body), Encoding.UTF8, "application/json");
        }

        request.Headers.Add("Idempotency-Key", SeatsClient.NewKey());
        if (BadTokens[token](app) is { } bearer)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }

        using var response = await app.CreateAnonymousClient().Http.SendAsync(request);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
        Assert.Contains("bearer token", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await organizer.ReadShowAsync(showId));
        using var newShow = await organizer.GetShowAsync(newShowId);
        Assert.Equal(HttpStatusCode.NotFound, newShow.StatusCode);
    }

    [Fact]
    public async Task A_buyer_creating_a_show_is_a_403_problem_and_no_show_is_created()
    {
        var app = await apps.GetAsync("InMemory");
        var showId = SeatsClient.NewShowId();

        using var response = await app.CreateSeatsClient().As("bob").CreateShowAsync(new { showId, capacity = 5 }, SeatsClient.NewKey());

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("organizer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var show = await app.CreateAnonymousClient().GetShowAsync(showId);
        Assert.Equal(HttpStatusCode.NotFound, show.StatusCode);
    }

    [Fact]
    public async Task A_token_without_a_sub_may_not_buy_and_gets_a_403_problem()
    {
        var app = await apps.GetAsync("InMemory");
        var showId = await app.CreateSeatsClient().CreateGeneralAdmissionShowAsync(5);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{SeatsClient.ShowPath(showId)}/bookings") { Content = JsonContent.Create(new { quantity = 1 }) };
        request.Headers.Add("Idempotency-Key", SeatsClient.NewKey());

        using var response = await app.CreateAnonymousClient().Http.SendWithTokenAsync(request, HandMadeTokens.Create(HandMadeTokens.SigningKeyOf(app), userId: null));

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(new ShowDto(showId, 5, 5, 0, 0), await app.CreateSeatsClient().ReadShowAsync(showId));
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/docs/")]
    [InlineData("/shows/{show}")]
    public async Task Reads_and_operations_routes_need_no_token(string path)
    {
        var app = await apps.GetAsync("InMemory");
        var showId = await app.CreateSeatsClient().CreateSeatedShowAsync(1);

        using var response = await app.CreateAnonymousClient().Http.GetAsync(path.Replace("{show}", showId, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_user_id_in_the_body_or_the_query_is_ignored_the_token_decides()
    {
        var app = await apps.GetAsync("InMemory");
        var client = app.CreateSeatsClient();
        var showId = await client.CreateSeatedShowAsync(3);
        var ada = client.As("ada");
        var bob = client.As("bob");

        // Ada's requests claim to be bob's; they are ada's all the same.
        using var booked = await ada.BookAsync(showId, new { userId = "bob", seats = new[] { "A1" } }, SeatsClient.NewKey());
        using var held = await ada.HoldAsync(showId, new { userId = "bob", seats = new[] { "A2" } }, SeatsClient.NewKey());
        var booking = (await booked.Content.ReadFromJsonAsync<BookingDto>())!;
        var hold = (await held.Content.ReadFromJsonAsync<HoldDto>())!;

        using var bobCancels = await bob.CancelAsync(showId, booking.BookingId);
        using var bobConfirms = await bob.SendRawAsync(HttpMethod.Post, $"{SeatsClient.ShowPath(showId)}/holds/{hold.HoldId}/confirm", """{"userId":"ada"}""", "application/json", SeatsClient.NewKey());
        using var bobReleasesAsAda = await bob.Http.DeleteAsync($"{SeatsClient.ShowPath(showId)}/holds/{hold.HoldId}?userId=ada");
        await Problem.AssertAsync(bobCancels, HttpStatusCode.NotFound, "bookingId");
        await Problem.AssertAsync(bobConfirms, HttpStatusCode.NotFound, "holdId");
        await Problem.AssertAsync(bobReleasesAsAda, HttpStatusCode.NotFound, "holdId");
        Assert.Equal(new ShowDto(showId, 3, 1, 1, 1), await client.ReadShowAsync(showId));

        using var adaConfirms = await ada.ConfirmAsync(showId, hold.HoldId, SeatsClient.NewKey());
        using var adaCancels = await ada.CancelAsync(showId, booking.BookingId);
        Assert.Equal(HttpStatusCode.Created, adaConfirms.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, adaCancels.StatusCode);
        Assert.Equal(new ShowDto(showId, 3, 2, 0, 1), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Another_users_hold_or_booking_is_answered_exactly_like_an_unknown_one(string strategy)
    {
        var app = await apps.GetAsync(strategy);
        var (showId, holdId, bookingId) = await ShowWithAdasHoldAndBookingAsync(app);
        var mallory = app.CreateSeatsClient().As("mallory");
        var unknownId = Guid.NewGuid().ToString("N");

        // Each answer, with the id it names blanked, must not tell mallory whether the id exists.
        async Task<string> AnswerAsync(Task<HttpResponseMessage> call, string id)
        {
            using var response = await call;
            var problem = await Problem.AssertAsync(response, HttpStatusCode.NotFound);
            return $"{problem.GetProperty("title")} {problem.GetProperty("detail").GetString()!.Replace(id, "<id>", StringComparison.Ordinal)}";
        }

        Assert.Equal(
            await AnswerAsync(mallory.ConfirmAsync(showId, unknownId, SeatsClient.NewKey()), unknownId),
            await AnswerAsync(mallory.ConfirmAsync(showId, holdId, SeatsClient.NewKey()), holdId));
        Assert.Equal(
            await AnswerAsync(mallory.ReleaseAsync(showId, unknownId), unknownId),
            await AnswerAsync(mallory.ReleaseAsync(showId, holdId), holdId));
        Assert.Equal(
            await AnswerAsync(mallory.CancelAsync(showId, unknownId), unknownId),
            await AnswerAsync(mallory.CancelAsync(showId, bookingId), bookingId));
        Assert.Equal(new ShowDto(showId, 3, 1, 1, 1), await app.CreateSeatsClient().ReadShowAsync(showId));
    }

    /// <summary>A show of seats A1–A3 where ada holds A1 and has booked A2.</summary>
    private static async Task<(string ShowId, string HoldId, string BookingId)> ShowWithAdasHoldAndBookingAsync(SampleApp app)
    {
        var client = app.CreateSeatsClient();
        var ada = client.As("ada");
        var showId = await client.CreateSeatedShowAsync(3);
        using var held = await ada.HoldAsync(showId, new { seats = new[] { "A1" } }, SeatsClient.NewKey());
        using var booked = await ada.BookAsync(showId, new { seats = new[] { "A2" } }, SeatsClient.NewKey());
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (held.StatusCode, booked.StatusCode));
        return (showId, (await held.Content.ReadFromJsonAsync<HoldDto>())!.HoldId, (await booked.Content.ReadFromJsonAsync<BookingDto>())!.BookingId);
    }
}
