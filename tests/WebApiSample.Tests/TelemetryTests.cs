using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>What an operator's Prometheus sees at <c>/metrics</c> during an on-sale.</summary>
public sealed partial class TelemetryTests(SampleApps apps) : IClassFixture<SampleApps>
{
    [Theory]
    [InlineData("Pessimistic", "pessimistic")]
    [InlineData("GroupCommit", "group-commit")]
    [InlineData("InMemory", "in-memory")]
    public async Task After_a_booking_metrics_show_the_librarys_request_counter_by_strategy_and_outcome(string strategy, string strategyTag)
    {
        var app = await apps.GetAsync(strategy);
        var client = app.CreateSeatsClient();
        var showId = await client.CreateSeatedShowAsync(2);
        var before = BookingsAllocated(await ScrapeAsync(client.Http), strategyTag);

        using var booked = await client.As("ada").BookAsync(showId, new { seats = new[] { "A1" } }, SeatsClient.NewKey());
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);

        // The exporter caches a scrape for a moment; the counter is process-wide, so other tests'
        // bookings may add to it too: it must have grown by this one at least.
        var after = before;
        for (var attempt = 0; attempt < 50 && after <= before; attempt++)
        {
            await Task.Delay(100);
            after = BookingsAllocated(await ScrapeAsync(client.Http), strategyTag);
        }

        Assert.True(after >= before + 1, $"seatallocation_requests_total for {strategyTag} book allocated went from {before} to {after}");
    }

    [Fact]
    public async Task Metrics_include_aspnetcore_and_runtime_instruments_and_npgsql_with_postgres()
    {
        var app = await apps.GetAsync("Pessimistic");
        var client = app.CreateSeatsClient();
        await client.CreateSeatedShowAsync(1);

        var text = await ScrapeAsync(client.Http);

        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
        Assert.Contains("db_client_", text, StringComparison.Ordinal);
    }

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of <c>seatallocation_requests_total</c> for a strategy's allocated bookings; 0 before the first.</summary>
    private static double BookingsAllocated(string metrics, string strategyTag) =>
        RequestCounterLine().Matches(metrics)
            .Where(m => m.Groups["labels"].Value.Contains($"seatallocation_strategy=\"{strategyTag}\"", StringComparison.Ordinal)
                && m.Groups["labels"].Value.Contains("seatallocation_operation=\"book\"", StringComparison.Ordinal)
                && m.Groups["labels"].Value.Contains("seatallocation_outcome=\"allocated\"", StringComparison.Ordinal))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^seatallocation_requests_total\{(?<labels>[^}]*)\} (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex RequestCounterLine();
}
