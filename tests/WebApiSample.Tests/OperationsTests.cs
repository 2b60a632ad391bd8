using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>What operators rely on: the OpenAPI document, request logs without bodies, problems for unknown routes (health: <see cref="HealthTests"/>).</summary>
public sealed class OperationsTests(SampleApps apps) : IClassFixture<SampleApps>
{
    [Fact]
    public async Task The_openapi_document_lists_every_route_requires_the_idempotency_key_and_marks_the_secured_ones()
    {
        var app = await apps.GetAsync("InMemory");

        using var response = await app.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal(("http", "bearer", "JWT"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString(), bearer.GetProperty("bearerFormat").GetString()));
        var paths = document.GetProperty("paths");
        string[] expected =
        [
            "post /shows", "get /shows", "get /shows/{showId}", "get /shows/{showId}/seats", "post /shows/{showId}/holds",
            "post /shows/{showId}/holds/{holdId}/confirm", "post /shows/{showId}/holds/{holdId}/extend",
            "delete /shows/{showId}/holds/{holdId}", "post /shows/{showId}/bookings", "delete /shows/{showId}/bookings/{bookingId}",
            "post /dev/tokens", // the app runs in Development
        ];
        string[] anonymous = ["get /shows", "get /shows/{showId}", "get /shows/{showId}/seats", "post /dev/tokens"];
        var operations = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => (Key: $"{o.Name} {p.Name}", Operation: o.Value))).ToArray();
        Assert.Equal(expected.Order(StringComparer.Ordinal), operations.Select(o => o.Key).Order(StringComparer.Ordinal));
        foreach (var (key, operation) in operations)
        {
            var secured = operation.TryGetProperty("security", out var security)
                && security.EnumerateArray().Any(requirement => requirement.TryGetProperty("Bearer", out _));
            Assert.True(secured != anonymous.Contains(key), $"{key} is {(secured ? "" : "not ")}marked as needing a bearer token");
        }

        // Extending a hold is not idempotent (each call moves the expiry), so it takes no key rather than one it would ignore.
        const string extend = "post /shows/{showId}/holds/{holdId}/extend";
        foreach (var (key, operation) in operations.Where(o => o.Key.StartsWith("post /shows", StringComparison.Ordinal) && o.Key != extend))
        {
            var header = operation.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Idempotency-Key");
            Assert.True(header.GetProperty("required").GetBoolean(), $"{key} does not require Idempotency-Key");
        }

        Assert.DoesNotContain(
            operations.Single(o => o.Key == extend).Operation.GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "Idempotency-Key");
    }

    [Fact]
    public async Task Requests_are_logged_with_their_idempotency_key_but_without_bodies_or_tokens()
    {
        await using var app = await SampleApp.StartAsync("InMemory");
        var client = app.CreateSeatsClient();
        var showId = await client.CreateSeatedShowAsync(2);
        var key = SeatsClient.NewKey();

        var buyer = client.As("user-with-a-private-name");
        using var booked = await buyer.BookAsync(showId, new { seats = new[] { "A2" } }, key);

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var token = booked.RequestMessage!.Headers.Authorization!.Parameter!;
        var bookingId = (await booked.Content.ReadFromJsonAsync<BookingDto>())!.BookingId;
        var requestLog = app.Log.Where(line => line.Contains("HttpLogging", StringComparison.Ordinal)).ToArray();
        Assert.Contains(requestLog, line => line.Contains($"Path: {SeatsClient.ShowPath(showId)}/bookings", StringComparison.Ordinal)
            && line.Contains($"Idempotency-Key: {key}", StringComparison.Ordinal)
            && line.Contains("StatusCode: 201", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Log, line => line.Contains("user-with-a-private-name", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Log, line => line.Contains(bookingId, StringComparison.Ordinal));
        Assert.Contains(requestLog, line => line.Contains("Authorization: [Redacted]", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Log, line => line.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        var app = await apps.GetAsync("InMemory");

        using var response = await app.CreateClient().GetAsync("/no-such-thing");

        await Problem.AssertAsync(response, HttpStatusCode.NotFound);
    }
}
