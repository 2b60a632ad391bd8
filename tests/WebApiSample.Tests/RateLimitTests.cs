using System.Net;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>
/// Each user's token bucket on the state-changing routes (<c>SeatAllocation:RateLimits</c>): a burst
/// over it is a <c>429</c> problem with <c>Retry-After</c> and changes nothing, while other users and
/// reads are still served.
/// </summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task One_users_burst_is_limited_with_429_and_retry_after_while_another_user_is_served()
    {
        // Three requests per user, and none come back during the test.
        await using var app = await StartAsync(tokenLimit: 3);
        var client = app.CreateSeatsClient();
        var showId = await client.CreateGeneralAdmissionShowAsync(100);
        var ada = client.As("ada");
        var bob = client.As("bob");

        var burst = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var booked = await ada.BookAsync(showId, new { quantity = 1 }, SeatsClient.NewKey());
            burst.Add(booked.StatusCode);
        }

        using var limited = await ada.BookAsync(showId, new { quantity = 1 }, SeatsClient.NewKey());
        using var limitedHold = await ada.HoldAsync(showId, new { quantity = 1 }, SeatsClient.NewKey());
        using var bobBooks = await bob.BookAsync(showId, new { quantity = 2 }, SeatsClient.NewKey());

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created], burst);
        var problem = await Problem.AssertAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.Contains("Retry-After", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(30), $"Retry-After: {limited.Headers.RetryAfter}");
        await Problem.AssertAsync(limitedHold, HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.Created, bobBooks.StatusCode);

        // Reads are not limited, and the limited requests booked nothing: 3 of ada's, 2 of bob's.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(new ShowDto(showId, 100, 95, 0, 5), await ada.ReadShowAsync(showId));
        }
    }

    [Fact]
    public async Task Requests_without_a_valid_token_share_their_client_address_bucket()
    {
        await using var app = await StartAsync(tokenLimit: 2);
        var showId = await app.CreateSeatsClient().CreateGeneralAdmissionShowAsync(5);
        var anonymous = app.CreateAnonymousClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await anonymous.BookAsync(showId, new { quantity = 1 }, SeatsClient.NewKey());
            answers.Add(response.StatusCode);
        }

        // Guessing tokens is limited too; a user with a token is still served.
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], answers);
        using var booked = await app.CreateSeatsClient().As("ada").BookAsync(showId, new { quantity = 1 }, SeatsClient.NewKey());
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
    }

    [Theory]
    [InlineData("TokenLimit", "0")]
    [InlineData("TokensPerPeriod", "-1")]
    [InlineData("ReplenishmentPeriod", "00:00:00")]
    public async Task A_limit_out_of_range_fails_at_start_naming_it(string setting, string value)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => SampleApp.StartAsync(new Dictionary<string, string?> { [$"SeatAllocation:RateLimits:{setting}"] = value }));

        Assert.Contains(setting, (error.InnerException ?? error).Message, StringComparison.Ordinal);
    }

    private static Task<SampleApp> StartAsync(int tokenLimit) =>
        SampleApp.StartAsync(new Dictionary<string, string?>
        {
            ["SeatAllocation:RateLimits:TokenLimit"] = tokenLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SeatAllocation:RateLimits:TokensPerPeriod"] = "1",
            ["SeatAllocation:RateLimits:ReplenishmentPeriod"] = "01:00:00",
        });
}
