using System.Net;
using System.Net.Http.Json;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>
/// The headline race through real sockets: 1000 concurrent HTTP clients rush a 10-seat show on a
/// Kestrel server, each as its own user with its own bearer token, and exactly 10 get a booking while
/// 990 are told 409 — on every strategy.
/// </summary>
public sealed class RaceTests
{
    private const int Clients = 1000;
    private const int Seats = 10;

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task A_thousand_clients_racing_for_ten_seats_book_exactly_ten_and_990_get_409(string strategy)
    {
        await using var app = await SampleApp.StartAsync(strategy, useKestrel: true);
        Assert.StartsWith("http://127.0.0.1:", app.Address.ToString(), StringComparison.Ordinal);
        var client = app.CreateSeatsClient();
        var showId = await client.CreateSeatedShowAsync(Seats);

        // Half the clients ask for any seat, half for the one seat they picked; all are released at
        // once, each as its own user, whose token is fetched before the start.
        var random = new Random(2026);
        var users = Enumerable.Range(0, Clients).Select(n => client.As($"user-{n}")).ToArray();
        await Task.WhenAll(users.Select(user => user.SignInAsync()));
        var requests = Enumerable.Range(0, Clients)
            .Select(n => (User: users[n], Body: n % 2 == 0
                ? (object)new { quantity = 1 }
                : new { seats = new[] { $"A{random.Next(1, Seats + 1)}" } }))
            .ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = requests.Select(async request =>
        {
            await start.Task;
            using var response = await request.User.BookAsync(showId, request.Body, SeatsClient.NewKey());
            return (response.StatusCode, Booking: response.StatusCode == HttpStatusCode.Created ? await response.Content.ReadFromJsonAsync<BookingDto>() : null);
        }).ToArray();
        start.SetResult();
        var outcomes = await Task.WhenAll(racing);

        var byStatus = outcomes.GroupBy(o => o.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(
            byStatus.Count == 2 && byStatus.GetValueOrDefault(HttpStatusCode.Created) == Seats && byStatus.GetValueOrDefault(HttpStatusCode.Conflict) == Clients - Seats,
            "Answers: " + string.Join(", ", byStatus.Select(s => $"{(int)s.Key} × {s.Value}")));
        var bookings = outcomes.Where(o => o.Booking is not null).Select(o => o.Booking!).ToArray();
        Assert.Equal(Seats, bookings.Select(b => b.BookingId).Distinct().Count());
        Assert.Equal(SeatsClient.SeatIds(Seats).Order(StringComparer.Ordinal), bookings.SelectMany(b => b.Seats).Order(StringComparer.Ordinal));
        Assert.Equal(new ShowDto(showId, Seats, 0, 0, Seats), await client.ReadShowAsync(showId));
        var report = await app.Verifier.VerifyAsync(showId);
        Assert.True(report.IsValid, report.ToString());
        Assert.Equal(1, report.ShowsChecked);
    }
}
