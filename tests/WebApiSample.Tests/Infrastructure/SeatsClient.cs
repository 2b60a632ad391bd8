using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace WebApiSample.Tests.Infrastructure;

/// <summary>Calls the sample's HTTP API the way a client would; every call returns the raw response.</summary>
public sealed class SeatsClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public static string NewShowId(string prefix = "show") => $"{prefix}-{Guid.NewGuid():N}";

    public static string NewKey() => Guid.NewGuid().ToString("N");

    public Task<HttpResponseMessage> CreateShowAsync(object body, string? idempotencyKey) =>
        SendAsync(HttpMethod.Post, "/shows", body, idempotencyKey);

    /// <summary>Creates a show with seats A1…A<paramref name="seats"/> and returns its id.</summary>
    public async Task<string> CreateSeatedShowAsync(int seats)
    {
        var showId = NewShowId();
        using var response = await CreateShowAsync(new { showId, seats = SeatIds(seats) }, NewKey());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return showId;
    }

    /// <summary>Creates a general-admission show and returns its id.</summary>
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

    public Task<HttpResponseMessage> ConfirmAsync(string showId, string holdId, object body, string? idempotencyKey) =>
        SendAsync(HttpMethod.Post, $"{ShowPath(showId)}/holds/{Uri.EscapeDataString(holdId)}/confirm", body, idempotencyKey);

    public Task<HttpResponseMessage> ReleaseAsync(string showId, string holdId, string? userId = null) =>
        Http.DeleteAsync($"{ShowPath(showId)}/holds/{Uri.EscapeDataString(holdId)}{UserQuery(userId)}");

    public Task<HttpResponseMessage> CancelAsync(string showId, string bookingId, string? userId = null) =>
        Http.DeleteAsync($"{ShowPath(showId)}/bookings/{Uri.EscapeDataString(bookingId)}{UserQuery(userId)}");

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

    private static string UserQuery(string? userId) => userId is null ? "" : $"?userId={Uri.EscapeDataString(userId)}";
}
