using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>
/// <c>POST /dev/tokens</c>, how a developer gets a token: in Development it signs one for any user and
/// known roles; in every other environment the route does not exist, and tokens signed with the
/// configured key (as an identity provider's would be) are what the app accepts.
/// </summary>
public sealed class DevelopmentTokenTests(SampleApps apps) : IClassFixture<SampleApps>
{
    [Fact]
    public async Task In_development_it_issues_a_token_for_the_user_and_roles_that_the_api_accepts()
    {
        var app = await apps.GetAsync("InMemory");
        var http = app.CreateAnonymousClient().Http;

        using var response = await http.PostAsJsonAsync("/dev/tokens", new { userId = "ada", roles = new[] { "organizer" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        var jwt = new JsonWebToken(token);
        Assert.Equal("ada", jwt.Subject);
        Assert.Equal(["organizer"], jwt.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        Assert.Equal(HandMadeTokens.DevelopmentIssuer, jwt.Issuer);
        Assert.Equal([HandMadeTokens.DevelopmentAudience], jwt.Audiences);
        Assert.InRange(jwt.ValidTo - DateTime.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(25));
        Assert.Equal(jwt.ValidTo, body.GetProperty("expiresAt").GetDateTimeOffset().UtcDateTime, TimeSpan.FromSeconds(1));

        // The token creates a show (organizer) and books in it as ada.
        var showId = SeatsClient.NewShowId();
        using var create = new HttpRequestMessage(HttpMethod.Post, "/shows") { Content = JsonContent.Create(new { showId, capacity = 3 }) };
        create.Headers.Add("Idempotency-Key", SeatsClient.NewKey());
        using var created = await http.SendWithTokenAsync(create, token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var book = new HttpRequestMessage(HttpMethod.Post, $"/shows/{showId}/bookings") { Content = JsonContent.Create(new { quantity = 2 }) };
        book.Headers.Add("Idempotency-Key", SeatsClient.NewKey());
        using var booked = await http.SendWithTokenAsync(book, token);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var bookingId = (await booked.Content.ReadFromJsonAsync<BookingDto>())!.BookingId;
        using var cancelledByAda = await app.CreateSeatsClient().As("ada").CancelAsync(showId, bookingId);
        Assert.Equal(HttpStatusCode.NoContent, cancelledByAda.StatusCode); // the booking is ada's
    }

    [Fact]
    public async Task A_buyer_token_has_no_role()
    {
        var app = await apps.GetAsync("InMemory");

        using var response = await app.CreateAnonymousClient().Http.PostAsJsonAsync("/dev/tokens", new { userId = "bob" });

        var jwt = new JsonWebToken((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        Assert.Equal("bob", jwt.Subject);
        Assert.DoesNotContain(jwt.Claims, c => c.Type == "role");
    }

    [Theory]
    [InlineData("""{"roles":["organizer"]}""", "userId")]
    [InlineData("""{"userId":"  "}""", "userId")]
    [InlineData("""{"userId":"bob\u0007"}""", "userId")]
    [InlineData("""{"userId":"{tooLong}"}""", "userId")]
    [InlineData("""{"userId":"bob","roles":["admin"]}""", "roles")]
    [InlineData("""{"userId":"bob","roles":["organizer",null]}""", "roles")]
    [InlineData("""{"userId":"bob","roles":"organizer"}""", "roles")]
    [InlineData("""{"userId":"bob",""", "body")]
    public async Task A_bad_token_request_is_a_400_problem_naming_the_field(string body, string field)
    {
        var app = await apps.GetAsync("InMemory");

        using var response = await app.CreateAnonymousClient().SendRawAsync(
            HttpMethod.Post, "/dev/tokens", body.Replace("{tooLong}", new string('x', 129), StringComparison.Ordinal), "application/json", idempotencyKey: null);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_development_the_route_does_not_exist_and_tokens_of_the_configured_key_are_accepted(string environment)
    {
        var key = HandMadeTokens.RandomKey();
        await using var app = await SampleApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["Authentication:Schemes:Bearer:ValidIssuer"] = "https://login.example",
                ["Authentication:Schemes:Bearer:ValidAudiences:0"] = "seats-api",
                ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = "https://login.example",
                ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = Convert.ToBase64String(key),
            },
            environment: environment);
        var http = app.CreateAnonymousClient().Http;

        using var tokens = await http.PostAsJsonAsync("/dev/tokens", new { userId = "ada", roles = new[] { "organizer" } });
        await Problem.AssertAsync(tokens, HttpStatusCode.NotFound);
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.False(document.GetProperty("paths").TryGetProperty("/dev/tokens", out _), "the OpenAPI document lists /dev/tokens");

        // A token from the configured issuer creates a show; one signed with the development key does not.
        async Task<HttpStatusCode> CreateShowAsync(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/shows") { Content = JsonContent.Create(new { showId = SeatsClient.NewShowId(), capacity = 2 }) };
            request.Headers.Add("Idempotency-Key", SeatsClient.NewKey());
            using var response = await http.SendWithTokenAsync(request, token);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Created, await CreateShowAsync(HandMadeTokens.Create(key, "ada", ["organizer"], issuer: "https://login.example", audience: "seats-api")));
        var developmentKey = Convert.FromBase64String(await DevelopmentKeyAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await CreateShowAsync(HandMadeTokens.Create(developmentKey, "ada", ["organizer"])));
    }

    /// <summary>The development key, as appsettings.Development.json has it.</summary>
    private async Task<string> DevelopmentKeyAsync() =>
        Convert.ToBase64String(HandMadeTokens.SigningKeyOf(await apps.GetAsync("InMemory")));
}
