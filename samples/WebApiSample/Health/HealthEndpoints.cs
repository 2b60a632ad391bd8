using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace WebApiSample.Health;

/// <summary>Maps the probes: <c>/health/live</c>, <c>/health/ready</c>, and <c>/health</c> (the same as ready).</summary>
internal static class HealthEndpoints
{
    /// <summary>The liveness probe's path: 200 whenever the process answers; it checks no server.</summary>
    public const string LivePath = "/health/live";

    /// <summary>The readiness probe's path: 200 when every configured server answers and the schema is migrated, 503 until then.</summary>
    public const string ReadyPath = "/health/ready";

    /// <summary>The readiness probe under its older name, kept so that existing probes and monitors go on working.</summary>
    public const string AliasPath = "/health";

    public static void MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks(LivePath, Options(HealthTags.Live));
        routes.MapHealthChecks(ReadyPath, Options(HealthTags.Ready));
        routes.MapHealthChecks(AliasPath, Options(HealthTags.Ready));
    }

    // HealthCheckOptions answers 503 for Unhealthy (and 200 for Degraded) by default, which is what
    // orchestrators expect.
    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = HealthReportWriter.WriteAsync,
    };
}
