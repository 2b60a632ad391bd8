using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace WebApiSample.Health;

/// <summary>Healthy when PostgreSQL answers a trivial query through the app's own connection pool.</summary>
/// <remarks>An exception here is reported as unhealthy by the health-check service, with the exception attached.</remarks>
internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return HealthCheckResult.Healthy();
    }
}
