using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>
/// The headline race through real sockets: 1000 concurrent HTTP clients rush a 10-seat show on a
/// Kestrel server, and exactly 10 get a booking while 990 are told 409 — on every strategy.
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
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
        using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
        var client = new SeatsClient(http);
        var showId = await client.CreateSeatedShowAsync(Seats);

        // Half the clients ask for any seat, half for the one seat they picked; all are released at once.
        var random = new Random(2026);
        var bodies = Enumerable.Range(0, Clients)
            .Select(n => n % 2 == 0
                ? (object)new { userId = $"user-{n}", quantity = 1 }
                : new { userId = $"user-{n}", seats = new[] { $"A{random.Next(1, Seats + 1)}" } })
            .ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = bodies.Select(async body =>
        {
            await start.Task;
            using var response = await client.BookAsync(showId, body, SeatsClient.NewKey());
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
