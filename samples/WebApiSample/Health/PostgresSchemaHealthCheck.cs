using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using SeatAllocation.Postgres;

namespace WebApiSample.Health;

/// <summary>
/// Healthy when the database has every migration of the SeatAllocation.Postgres package this app was
/// built with; unhealthy while it has fewer (not migrated yet, or migrated by an older release only).
/// </summary>
/// <remarks>
/// The library migrates at start unless <c>SeatAllocation:Postgres:MigrateSchemaOnStart</c> is
/// false, which deployments set when a separate job migrates: until that job has run, the app would
/// answer every request with a database error, so it must not receive any. A newer schema than this
/// package knows is accepted: during a rolling upgrade the new release migrates while instances of the
/// previous one still serve.
/// </remarks>
internal sealed class PostgresSchemaHealthCheck(NpgsqlDataSource dataSource, IOptions<PostgresAllocationOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var schema = options.Value.Schema;
        var applied = await PostgresSchemaMigrator.GetAppliedVersionAsync(dataSource, schema, cancellationToken).ConfigureAwait(false);
        return applied >= PostgresSchemaMigrator.LatestVersion
            ? HealthCheckResult.Healthy($"Schema '{schema}' is at version {applied}.")
            : new HealthCheckResult(
                context.Registration.FailureStatus,
                $"Schema '{schema}' is at version {applied}; this app needs version {PostgresSchemaMigrator.LatestVersion}. " +
                "Run the migration (PostgresSchemaMigrator.MigrateAsync, or start with SeatAllocation:Postgres:MigrateSchemaOnStart=true).");
    }
}
