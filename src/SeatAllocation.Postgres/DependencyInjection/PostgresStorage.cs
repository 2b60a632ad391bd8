using Npgsql;

namespace SeatAllocation.Postgres;

/// <summary>
/// The database and settings of one registration's latest <c>UsePostgres(…)</c> choice, registered
/// under the registration's key, so its strategy, schema migration and sweeper agree on them.
/// </summary>
internal sealed class PostgresStorage(NpgsqlDataSource dataSource, PostgresAllocationOptions options)
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public PostgresAllocationOptions Options { get; } = options;
}
