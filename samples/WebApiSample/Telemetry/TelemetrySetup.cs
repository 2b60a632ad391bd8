using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SeatAllocation;

namespace WebApiSample.Telemetry;

/// <summary>
/// Metrics and traces for operators: the library's <c>SeatAllocation</c> meter and activity source,
/// ASP.NET Core, Npgsql, StackExchange.Redis and the .NET runtime. Prometheus scrapes <c>/metrics</c>;
/// an OTLP collector gets everything when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard
/// OpenTelemetry variable, also read from configuration).
/// </summary>
internal static class TelemetrySetup
{
    /// <summary>The Prometheus scrape endpoint.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The service name in every metric and trace, unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string ServiceName = "seatallocation-webapisample";

    /// <summary>Registers the providers, the instrumentation and the exporters.</summary>
    /// <param name="builder">The application builder.</param>
    public static void AddSeatAllocationTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(SeatAllocationTelemetry.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(SeatAllocationTelemetry.ActivitySourceName)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsScrapeOrProbe(context.Request.Path))
                .AddNpgsql()
                .AddRedisInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
    }

    /// <summary>Serves the Prometheus scrape endpoint.</summary>
    /// <param name="app">The application.</param>
    public static void MapSeatAllocationMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(MetricsPath);

    // Scrapes and health probes arrive every few seconds: tracing them would bury the requests.
    private static bool IsScrapeOrProbe(PathString path) =>
        path.StartsWithSegments(MetricsPath, StringComparison.Ordinal) || path.StartsWithSegments("/health", StringComparison.Ordinal);
}
