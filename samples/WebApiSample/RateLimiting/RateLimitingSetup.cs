using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using WebApiSample.Authentication;

namespace WebApiSample.RateLimiting;

/// <summary>
/// A token bucket per user on every state-changing <c>/shows</c> route (<see cref="PerUserPolicy"/>):
/// over the limit a request is answered <c>429</c> with <c>Retry-After</c>, and other users are not
/// slowed. Sized by <c>SeatAllocation:RateLimits</c> (<see cref="UserRateLimitOptions"/>).
/// </summary>
/// <remarks>
/// The bucket is keyed by the token's <c>sub</c>; a request without a valid token (about to be
/// answered 401) is keyed by its client address, so guessing tokens is limited too. That is why the
/// limiter runs after authentication, which finds the user, and before authorization, which refuses.
/// The buckets live in this process: behind a load balancer each instance limits on its own.
/// </remarks>
internal static class RateLimitingSetup
{
    /// <summary>The policy the state-changing endpoints require.</summary>
    public const string PerUserPolicy = "per-user";

    /// <summary>Registers the limiter and its options.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration holding <c>SeatAllocation:RateLimits</c>.</param>
    public static void AddSeatAllocationRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UserRateLimitOptions>().Bind(configuration.GetSection(UserRateLimitOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = WriteRejectionAsync;
            options.AddPolicy(PerUserPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<UserRateLimitOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.TokenLimit,
                    TokensPerPeriod = limits.TokensPerPeriod,
                    ReplenishmentPeriod = limits.ReplenishmentPeriod,
                    AutoReplenishment = true,

                    // No queue: a client told to wait says so in Retry-After instead of holding a connection.
                    QueueLimit = 0,
                });
            });
        });
    }

    /// <summary>The bucket a request draws from: its user's, or its client address's when it has no valid token.</summary>
    private static string PartitionKey(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirst(TokenClaims.Subject)?.Value is { } userId
            ? "user:" + userId
            : "address:" + context.Connection.RemoteIpAddress;

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problemDetails = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"This user sent more requests than {UserRateLimitOptions.SectionName} allows; nothing was done. Repeat after {seconds} s (Retry-After).",
            },
        }).ConfigureAwait(false);
    }
}
