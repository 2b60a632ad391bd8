// SeatAllocation behind a minimal HTTP API: shows, holds and bookings that never oversell.
// A template to copy: the library does the allocating, this app only translates HTTP to it.
//
//   dotnet run --project samples/WebApiSample                      in-memory strategy, no server needed
//   SeatAllocation__Strategy=Pessimistic \
//   ConnectionStrings__Postgres="Host=127.0.0.1;Username=postgres;Database=seats" \
//   dotnet run --project samples/WebApiSample                      PostgreSQL, schema migrated at start
//
// Settings: SeatAllocation:Strategy (InMemory | Pessimistic | Optimistic | GroupCommit | RedisAdmission),
// ConnectionStrings:Postgres, ConnectionStrings:Redis, SeatAllocation:HoldDuration, the library's own
// options under SeatAllocation:Postgres and SeatAllocation:Optimistic, and the bearer tokens under
// Authentication:Schemes:Bearer (Authority, or ValidIssuer, ValidAudiences and SigningKeys), and each
// user's rate limit, SeatAllocation:RateLimits (TokenLimit, TokensPerPeriod, ReplenishmentPeriod). In
// Development, appsettings.Development.json has a local signing key and POST /dev/tokens issues tokens.
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using WebApiSample.Authentication;
using WebApiSample.Caching;
using WebApiSample.Configuration;
using WebApiSample.Contracts;
using WebApiSample.DevelopmentTokens;
using WebApiSample.Endpoints;
using WebApiSample.Health;
using WebApiSample.Problems;
using WebApiSample.RateLimiting;
using WebApiSample.Telemetry;

var builder = WebApplication.CreateBuilder(args);

// The strategy, its servers and their health checks, as configured.
await builder.AddSeatAllocationFromConfigurationAsync();

// Bearer tokens (JWT) from Authentication:Schemes:Bearer: the buyer is the token's sub, and creating
// shows needs the organizer role. Without any token settings outside Development, the app fails here.
builder.AddSeatAllocationAuthentication();

// A token bucket per user (the token's sub; the client address without a valid token) on every
// state-changing /shows route, sized by SeatAllocation:RateLimits; over it, a 429 with Retry-After.
builder.Services.AddSeatAllocationRateLimiting(builder.Configuration);

// Every error is an RFC 9457 problem: library answers (mapped in the endpoints), arguments the
// library rejects (InvalidArgumentFilter), requests the framework cannot bind (malformed JSON and
// the like: BadRequestExceptionHandler, which needs ThrowOnBadRequest in every environment), empty
// error responses such as an unknown route (UseStatusCodePages), and unhandled exceptions.
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

// Faults are never a 500: the library's one exception for a transient failure it could not resolve
// (AllocationOutcomeUnknownException) is a 503 with Retry-After, and so is a request still waiting
// after SeatAllocation:RequestTimeout (a pool held busy, a lock, a slow database). Both ask the client
// to repeat with the same Idempotency-Key. A body over SeatAllocation:MaxRequestBodySize is a 413.
builder.Services.AddExceptionHandler<TransientFailureExceptionHandler>();
builder.Services.AddRequestTimeouts();
builder.Services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<SeatAllocationApiOptions>>((timeouts, api) =>
    timeouts.AddPolicy(SeatAllocationApi.RequestTimeoutPolicy, new RequestTimeoutPolicy
    {
        Timeout = api.Value.RequestTimeout,
        TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
        WriteTimeoutResponse = async context => await TransientFailureExceptionHandler.WriteAsync(context, exception: null, "Timed out, repeat the request."),
    }));
builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<SeatAllocationApiOptions>>((kestrel, api) =>
    kestrel.Limits.MaxRequestBodySize = api.Value.MaxRequestBodySize);

// The document declares the bearer scheme and marks the operations that need a token, so the /docs
// page offers to send one; and it spells out POST /shows' seats, either seat ids or seat objects.
builder.Services.AddOpenApi(options =>
{
    options.AddDocumentTransformer<BearerSecuritySchemeTransformer>();
    options.AddOperationTransformer<BearerSecurityRequirementTransformer>();
    options.AddSchemaTransformer<ShowSeatListSchemaTransformer>();
});

// Show reads (GET /shows, GET /shows/{showId}) are served from an output cache for
// SeatAllocation:ShowCacheDuration, and evicted when a request through this instance changes the show.
builder.Services.AddOutputCache(options => options.AddPolicy(ShowCachePolicy.Name, policy => policy.AddPolicy<ShowCachePolicy>(), excludeDefaultPolicy: true));

// Metrics (Prometheus at /metrics) and traces (OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set) of the
// library, ASP.NET Core, Npgsql, StackExchange.Redis and the runtime.
builder.AddSeatAllocationTelemetry();

// One log line per request with method, path, status, duration and the Idempotency-Key, but no
// bodies: they carry what people bought. The Authorization header is not on the list, so it is
// logged as [Redacted].
builder.Services.AddHttpLogging(options =>
{
    options.LoggingFields = HttpLoggingFields.RequestPropertiesAndHeaders | HttpLoggingFields.ResponsePropertiesAndHeaders | HttpLoggingFields.Duration;
    options.RequestHeaders.Add(IdempotencyKey.HeaderName);
    options.ResponseHeaders.Add(IdempotencyKey.ReplayedHeaderName);
    options.CombineLogs = true;
});

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseHttpLogging();
app.UseAuthentication();
app.UseRateLimiter(); // after authentication, which finds the user to partition by; before authorization, so refused requests count too
app.UseAuthorization();
app.UseRequestTimeouts();
app.UseOutputCache();

// Served in every environment: the sample exists to be explored (GET /openapi/v1.json), and /docs
// is an API reference page built from that document (Scalar) where requests can be tried.
app.MapOpenApi();
app.MapScalarApiReference("/docs", options => options
    .WithTitle("SeatAllocation Web API")
    .ExpandAllTags()
    .AddPreferredSecuritySchemes([BearerSecuritySchemeTransformer.SchemeName]));
app.MapHealthEndpoints();
app.MapSeatAllocationMetrics();
app.MapSeatAllocationApi();
app.MapDevelopmentTokens();

await app.RunAsync();

/// <summary>The entry point; public so that tests can host the app with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
