using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>
/// A strategy of the user's own that does not support a request: the client gets a 501 problem with
/// <c>code</c> <c>not_supported</c> naming the strategy, nothing changes, and the app logs a warning.
/// No built-in strategy throws <see cref="NotSupportedException"/>, so the sample runs one that does
/// (<see cref="ExtensionlessStrategy"/>), registered as a user's app would register it.
/// </summary>
public sealed class NotSupportedTests
{
    [Fact]
    public async Task A_request_the_strategy_does_not_support_is_a_501_not_supported_and_changes_nothing()
    {
        await using var app = await SampleApp.StartAsync("InMemory", configureServices: services => services
            .AddSeatAllocation()
            .UseStrategy((provider, _) => new ExtensionlessStrategy(provider.GetRequiredService<TimeProvider>())));
        var client = app.CreateSeatsClient();
        var showId = await client.CreateSeatedShowAsync(2);
        using var held = await client.As("ada").HoldAsync(showId, new { seats = new[] { "A1" } }, SeatsClient.NewKey());
        Assert.Equal(HttpStatusCode.Created, held.StatusCode);
        var hold = (await held.Content.ReadFromJsonAsync<HoldDto>())!;

        using var response = await client.As("ada").ExtendAsync(showId, hold.HoldId, new { seconds = 120 });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.NotImplemented, $"'{ExtensionlessStrategy.StrategyName}' strategy");
        Assert.Equal("not_supported", problem.GetProperty("code").GetString());
        Assert.Contains(ExtensionlessStrategy.Reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(
            $"Warning WebApiSample.Problems.NotSupportedFilter: The {ExtensionlessStrategy.StrategyName} strategy does not support " +
            $"POST /shows/{showId}/holds/{hold.HoldId}/extend: {ExtensionlessStrategy.Reason} Answered 501.",
            app.Log);

        // The hold still expires when it did: held a second before, free a second after.
        app.Clock.Advance(hold.ExpiresAt - app.Clock.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.Equal(new ShowDto(showId, 2, 1, 1, 0), await client.ReadShowAsync(showId));
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(new ShowDto(showId, 2, 2, 0, 0), await client.ReadShowAsync(showId));
    }
}
