using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace WebApiSample.Tests.Infrastructure;

/// <summary>
/// Calls the sample's HTTP API the way a client would, as one user: every request carries that user's
/// bearer token (from <c>POST /dev/tokens</c>, fetched once), and every call returns the raw response.
/// </summary>
/// <remarks>
/// <see cref="SampleApp.CreateSeatsClient"/> is an organizer, who creates the shows; <see cref="As"/>
/// gives another user's client, such as <c>client.As("ada")</c> for a buyer.
/// </remarks>
public sealed class SeatsClient
{
    /// <summary>The default client's user: it has the <c>organizer</c> role.</summary>
    public const string OrganizerId = "organizer";

    private readonly SampleApp app;
    private readonly string[] roles;

    internal SeatsClient(SampleApp app, HttpClient http, string? userId, params string[] roles)
    {
        this.app = app;
        this.roles = roles;
        Http = http;
        UserId = userId;
    }

    public HttpClient Http { get; }

    /// <summary>The user this client acts as (the token's <c>sub</c>); <see langword="null"/> for the anonymous client.</summary>
    public string? UserId { get; }

    /// <summary>A client that sends no token.</summary>
    public SeatsClient Anonymous => app.CreateAnonymousClient();

    /// <summary>The client of <paramref name="userId"/> with <paramref name="roles"/> (none: a buyer).</summary>
    public SeatsClient As(string userId, params string[] roles) => app.ClientFor(userId, roles);

    /// <summary>Fetches this user's token now rather than at its first request, so that a race times only the race.</summary>
    public async Task SignInAsync()
    {
        if (UserId is not null)
        {
            await app.TokenForAsync(UserId, roles);
        }
    }

    public static string NewShowId(string prefix = "show") => $"{prefix}-{Guid.NewGuid():N}";

    public static string NewKey() => Guid.NewGuid().ToString("N");

    public Task<HttpResponseMessage> CreateShowAsync(object body, string? idempotencyKey) =>
        SendAsync(HttpMethod.Post, "/shows", body, idempotencyKey);

    /// <summary>Creates a show with seats A1…A<paramref name="seats"/> and returns its id (as an organizer).</summary>
    public async Task<string> CreateSeatedShowAsync(int seats)
    {
        var showId = NewShowId();
        using var response = await CreateShowAsync(new { showId, seats = SeatIds(seats) }, NewKey());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return showId;
    }

    /// <summary>Creates a general-admission show and returns its id (as an organizer).</summary>
    public async Task<string> CreateGeneralAdmissionShowAsync(int capacity)
    {
        var showId = NewShowId();
        using var response = await CreateShowAsync(new { showId, capacity }, NewKey());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return showId;
    }

    public Task<HttpResponseMessage> GetShowAsync(string showId) => Http.GetAsync(ShowPath(showId));

    /// <summary>Reads a show that must exist.</summary>
    public async Task<ShowDto> ReadShowAsync(string showId)
    {
        using var response = await GetShowAsync(showId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ShowDto>())!;
    }

    public Task<HttpResponseMessage> HoldAsync(string showId, object body, string? idempotencyKey) =>
        SendAsync(HttpMethod.Post, $"{ShowPath(showId)}/holds", body, idempotencyKey);

    public Task<HttpResponseMessage> BookAsync(string showId, object body, string? idempotencyKey) =>
        SendAsync(HttpMethod.Post, $"{ShowPath(showId)}/bookings", body, idempotencyKey);

    /// <summary>Confirms this user's hold; the request has no body.</summary>
    public async Task<HttpResponseMessage> ConfirmAsync(string showId, string holdId, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{ShowPath(showId)}/holds/{Uri.EscapeDataString(holdId)}/confirm");
        AddKey(request, idempotencyKey);
        return await Http.SendAsync(request);
    }

    /// <summary>Extends this user's hold; the route needs no Idempotency-Key.</summary>
    public Task<HttpResponseMessage> ExtendAsync(string showId, string holdId, object body) =>
        SendAsync(HttpMethod.Post, $"{ShowPath(showId)}/holds/{Uri.EscapeDataString(holdId)}/extend", body, idempotencyKey: null);

    public Task<HttpResponseMessage> GetSeatsAsync(string showId) => Http.GetAsync($"{ShowPath(showId)}/seats");

    public Task<HttpResponseMessage> ReleaseAsync(string showId, string holdId) =>
        Http.DeleteAsync($"{ShowPath(showId)}/holds/{Uri.EscapeDataString(holdId)}");

    public Task<HttpResponseMessage> CancelAsync(string showId, string bookingId) =>
        Http.DeleteAsync($"{ShowPath(showId)}/bookings/{Uri.EscapeDataString(bookingId)}");

    /// <summary>Sends raw text as the body, for malformed input.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string? body, string contentType, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        AddKey(request, idempotencyKey);
        return await Http.SendAsync(request);
    }

    public static string[] SeatIds(int count) => Enumerable.Range(1, count).Select(n => $"A{n}").ToArray();

    public static string ShowPath(string showId) => $"/shows/{Uri.EscapeDataString(showId)}";

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object body, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        AddKey(request, idempotencyKey);
        return await Http.SendAsync(request);
    }

    private static void AddKey(HttpRequestMessage request, string? idempotencyKey)
    {
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }
    }
}
