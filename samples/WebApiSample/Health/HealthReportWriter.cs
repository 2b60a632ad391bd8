using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WebApiSample.Health;

/// <summary>Writes a health probe's answer as JSON: the overall status and each check's (a failing check's description is its error message, never a stack trace).</summary>
internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(
            new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(
                    entry => entry.Key,
                    entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
            },
            context.RequestAborted);
}
