using System.Net;
using System.Net.Http.Json;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>The <c>Idempotency-Key</c> header: replays return the original outcome, never a second allocation — on every strategy.</summary>
public sealed class IdempotencyTests(SampleApps apps) : IClassFixture<SampleApps>
{
    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Replaying_a_booking_returns_the_same_booking_marked_as_a_replay(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(5);
        var key = SeatsClient.NewKey();
        var ada = client.As("ada");
        var body = new { quantity = 2 };

        using var first = await ada.BookAsync(showId, body, key);
        using var replay = await ada.BookAsync(showId, body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(["true"], replay.Headers.GetValues("Idempotent-Replayed"));
        var original = (await first.Content.ReadFromJsonAsync<BookingDto>())!;
        var replayed = (await replay.Content.ReadFromJsonAsync<BookingDto>())!;
        Assert.Equal(original.BookingId, replayed.BookingId);
        Assert.Equal(original.Seats, replayed.Seats);
        Assert.Equal(new ShowDto(showId, 5, 3, 0, 2), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Replaying_a_hold_returns_the_same_hold(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(3);
        var key = SeatsClient.NewKey();
        var ada = client.As("ada");
        var body = new { seats = new[] { "A1" } };

        using var first = await ada.HoldAsync(showId, body, key);
        using var replay = await ada.HoldAsync(showId, body, key);

        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        var original = (await first.Content.ReadFromJsonAsync<HoldDto>())!;
        var replayed = (await replay.Content.ReadFromJsonAsync<HoldDto>())!;
        Assert.Equal(original.HoldId, replayed.HoldId);
        Assert.Equal(original.Seats, replayed.Seats);
        Assert.Equal(original.ExpiresAt, replayed.ExpiresAt);
        Assert.Equal(new ShowDto(showId, 3, 2, 1, 0), await client.ReadShowAsync(showId));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Twenty_concurrent_replays_create_one_booking(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(30);
        var key = SeatsClient.NewKey();
        var ada = client.As("ada");
        var body = new { quantity = 3 };

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ada.BookAsync(showId, body, key)));

        try
        {
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
            var bookings = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<BookingDto>()));
            Assert.Single(bookings.Select(b => b!.BookingId).Distinct());
            Assert.Single(bookings.Select(b => string.Join(",", b!.Seats)).Distinct());
            Assert.Equal(19, responses.Count(r => r.Headers.Contains("Idempotent-Replayed")));
            Assert.Equal(new ShowDto(showId, 30, 27, 0, 3), await client.ReadShowAsync(showId));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Reusing_a_key_with_a_different_body_answers_422_and_keeps_the_original(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(5);
        var key = SeatsClient.NewKey();
        using var first = await client.As("ada").BookAsync(showId, new { seats = new[] { "A1" } }, key);
        var original = (await first.Content.ReadFromJsonAsync<BookingDto>())!;

        using var otherSeats = await client.As("ada").BookAsync(showId, new { seats = new[] { "A2" } }, key);
        using var otherUser = await client.As("bob").BookAsync(showId, new { seats = new[] { "A1" } }, key);
        using var asHold = await client.As("ada").HoldAsync(showId, new { seats = new[] { "A1" } }, key);

        await Problem.AssertAsync(otherSeats, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        await Problem.AssertAsync(otherUser, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        await Problem.AssertAsync(asHold, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        Assert.Equal(new ShowDto(showId, 5, 4, 0, 1), await client.ReadShowAsync(showId));
        using var replay = await client.As("ada").BookAsync(showId, new { seats = new[] { "A1" } }, key);
        Assert.Equal(original.BookingId, (await replay.Content.ReadFromJsonAsync<BookingDto>())!.BookingId);
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task A_request_that_was_rejected_can_be_retried_with_the_same_key(string strategy)
    {
        var client = await ClientAsync(strategy);
        var showId = await client.CreateSeatedShowAsync(1);
        using var blocking = await client.As("ada").HoldAsync(showId, new { seats = new[] { "A1" } }, SeatsClient.NewKey());
        var hold = (await blocking.Content.ReadFromJsonAsync<HoldDto>())!;
        var key = SeatsClient.NewKey();
        using var rejected = await client.As("bob").BookAsync(showId, new { seats = new[] { "A1" } }, key);
        await Problem.AssertAsync(rejected, HttpStatusCode.Conflict);

        using var released = await client.As("ada").ReleaseAsync(showId, hold.HoldId);
        using var retried = await client.As("bob").BookAsync(showId, new { seats = new[] { "A1" } }, key);

        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.False(retried.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(new ShowDto(showId, 1, 0, 0, 1), await client.ReadShowAsync(showId));
    }

    private async Task<SeatsClient> ClientAsync(string strategy) => (await apps.GetAsync(strategy)).CreateSeatsClient();
}
