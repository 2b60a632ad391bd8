using Npgsql;

namespace SeatAllocation.Servers;

/// <summary>Kills PostgreSQL backends from outside, as an operator or a failing network would.</summary>
public static class PostgresBackends
{
    /// <summary>
    /// Terminates (<c>pg_terminate_backend</c>) every backend whose <c>application_name</c> is
    /// <paramref name="applicationName"/>, through <paramref name="admin"/>, which must connect under
    /// another name.
    /// </summary>
    /// <returns>How many backends were terminated.</returns>
    public static async Task<int> TerminateAsync(NpgsqlDataSource admin, string applicationName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(admin);
        await using var command = admin.CreateCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()");
        command.Parameters.Add(new NpgsqlParameter { Value = applicationName });
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
