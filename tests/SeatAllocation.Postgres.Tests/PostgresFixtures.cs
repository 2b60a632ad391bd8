using Npgsql;
using SeatAllocation.Postgres;

namespace SeatAllocation.Postgres.Tests;

/// <summary>Small helpers the PostgreSQL-specific tests share.</summary>
internal static class PostgresFixtures
{
    public const string Schema = PostgresSchemaMigrator.DefaultSchema;

    public static string NewShowId() => $"pg-{Guid.NewGuid():N}";

    public static IAllocationStrategy CreateStrategy(string name, NpgsqlDataSource dataSource, PostgresAllocationOptions? options = null, TimeProvider? timeProvider = null) => name switch
    {
        PessimisticAllocationStrategy.StrategyName => new PessimisticAllocationStrategy(dataSource, options ?? PostgresTestDatabase.Options, timeProvider),
        GroupCommitAllocationStrategy.StrategyName => new GroupCommitAllocationStrategy(dataSource, options ?? PostgresTestDatabase.Options, groupCommit: null, timeProvider),
        OptimisticAllocationStrategy.StrategyName => new OptimisticAllocationStrategy(dataSource, options ?? PostgresTestDatabase.Options, new OptimisticConcurrencyOptions { MaxRetries = 1 }, timeProvider),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown strategy."),
    };

    public static async Task<int> ExecuteAsync(NpgsqlDataSource dataSource, string sql, params object[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql.Replace("{schema}", Schema, StringComparison.Ordinal));
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<T?> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, params object[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql.Replace("{schema}", Schema, StringComparison.Ordinal));
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>Waits until some backend is waiting for the blocker's lock, and returns its process id.</summary>
    public static async Task<int> WaitUntilBlockedAsync(NpgsqlDataSource dataSource, int blockerProcessId)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var waiter = await ScalarAsync<int>(dataSource, "SELECT pid FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid)) LIMIT 1", blockerProcessId);
            if (waiter != 0)
            {
                return waiter;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No request ever blocked on the held lock.");
    }
}
