using Npgsql;
using WebApiSample.Configuration;

namespace WebApiSample.Health;

/// <summary>
/// Fails the start with a message naming the setting when PostgreSQL is configured but does not
/// answer, instead of a bare "connection refused" from the schema migration that runs next.
/// </summary>
internal sealed class PostgresStartupCheck(NpgsqlDataSource dataSource) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // Host and port only: the connection string may carry a password.
            var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
            throw new InvalidOperationException(
                $"Could not connect to PostgreSQL at {settings.Host}:{settings.Port} (ConnectionStrings:{SeatAllocationSetup.PostgresConnectionName}): {ex.Message} " +
                "Start the server or fix the setting.",
                ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
