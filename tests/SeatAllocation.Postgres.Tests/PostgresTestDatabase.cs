using Npgsql;
using SeatAllocation.Postgres;
using SeatAllocation.Servers;

namespace SeatAllocation.Postgres.Tests;

/// <summary>The shared test server with the SeatAllocation schema migrated once per test run.</summary>
internal static class PostgresTestDatabase
{
    private static readonly Lazy<Task<NpgsqlDataSource>> Migrated = new(async () =>
    {
        var dataSource = await TestPostgres.GetDataSourceAsync();
        await PostgresSchemaMigrator.MigrateAsync(dataSource);
        return dataSource;
    });

    /// <summary>
    /// Options for races: hundreds of clients queue on one row, so the lock timeout is generous here;
    /// the lock-timeout tests set their own short one.
    /// </summary>
    public static PostgresAllocationOptions Options => new() { LockTimeout = TimeSpan.FromSeconds(30) };

    public static Task<NpgsqlDataSource> GetAsync() => Migrated.Value;
}
