using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SeatAllocation.RaceDemo;

/// <summary>
/// Runs one rush over HTTP: a show is created and sold out but for its last seats, then every client
/// posts a booking at the same instant, each as its own user; afterwards the app's verifier checks the show.
/// </summary>
internal static class HttpRace
{
    /// <summary>Seats sold before the rush, so the clients race for the last ones of a bigger show.</summary>
    public const int SoldBeforehand = 90;

    public static async Task<RaceResult> RunAsync(string strategy, SampleHost host, HttpClient http, RaceTokens tokens, string showId, int seatsLeft, int clients, Func<int, object> bodyFor)
    {
        // Seats A1…A{seatsLeft} are the last ones; the rest of the show is sold in advance.
        var seatIds = Enumerable.Range(1, seatsLeft + SoldBeforehand).Select(n => $"A{n}").ToArray();
        await PostAsync(http, tokens.Organizer, "/shows", new { showId, seats = seatIds }, HttpStatusCode.Created);
        foreach (var chunk in seatIds.Skip(seatsLeft).Chunk(30))
        {
            await PostAsync(http, tokens.EarlyBird, $"/shows/{showId}/bookings", new { seats = chunk }, HttpStatusCode.Created);
        }

        // Bodies are serialized before the start, so only the requests themselves are timed.
        var bodies = Enumerable.Range(0, clients).Select(n => JsonSerializer.Serialize(bodyFor(n), JsonSerializerOptions.Web)).ToArray();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = bodies.Select((body, n) => BookAsync(http, tokens.Clients[n], showId, body, gate.Task)).ToArray();
        var roundTripsBefore = host.RoundTrips.Count;
        var wall = Stopwatch.StartNew();
        gate.SetResult();
        var outcomes = await Task.WhenAll(running);
        wall.Stop();
        var roundTrips = host.RoundTrips.Count - roundTripsBefore;

        var report = await host.Verifier.VerifyAsync(showId);
        var show = await http.GetFromJsonAsync<JsonElement>($"/shows/{showId}");
        var bookedInStore = show.GetProperty("booked").GetInt32() - SoldBeforehand;
        return new RaceResult(strategy, seatsLeft, outcomes, wall.Elapsed, roundTrips, report, bookedInStore);
    }

    private static async Task<ClientOutcome> BookAsync(HttpClient http, string token, string showId, string body, Task gate)
    {
        await gate;
        var started = Stopwatch.GetTimestamp();
        try
        {
            // A 503 (contended) is counted, not retried: the demo shows what each strategy answers first.
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/shows/{showId}/bookings")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
                Headers = { { "Idempotency-Key", Guid.NewGuid().ToString("N") } },
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return new ClientOutcome(response.StatusCode, null, Stopwatch.GetElapsedTime(started));
        }
#pragma warning disable CA1031 // Any exception is one client's failure; the table counts them.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new ClientOutcome(null, ex, Stopwatch.GetElapsedTime(started));
        }
    }

    private static async Task PostAsync(HttpClient http, string token, string path, object body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = JsonContent.Create(body),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString("N") } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
