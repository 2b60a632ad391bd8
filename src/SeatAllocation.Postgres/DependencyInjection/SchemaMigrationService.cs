using Microsoft.Extensions.Hosting;
using Npgsql;

namespace SeatAllocation.Postgres;

/// <summary>Migrates the schema when the host starts (unless turned off), so the first request finds its tables.</summary>
internal sealed class SchemaMigrationService(NpgsqlDataSource dataSource, PostgresAllocationOptions options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.MigrateSchemaOnStart)
        {
            await PostgresSchemaMigrator.MigrateAsync(dataSource, options.Schema, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
