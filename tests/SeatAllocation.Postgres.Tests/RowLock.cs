using Npgsql;

namespace SeatAllocation.Postgres.Tests;

/// <summary>
/// Another client's open transaction holding row locks, as a buyer in the middle of its own
/// allocation would; disposing it rolls back and lets the rows go.
/// </summary>
internal sealed class RowLock : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private int disposed;

    private RowLock(NpgsqlConnection connection, NpgsqlTransaction transaction) => (this.connection, this.transaction) = (connection, transaction);

    /// <summary>The backend holding the locks, to find who waits for it.</summary>
    public int ProcessId => connection.ProcessID;

    /// <summary>Locks one seat row of a show.</summary>
    public static Task<RowLock> OnSeatAsync(NpgsqlDataSource dataSource, string showId, string seatId) =>
        AcquireAsync(dataSource, $"SELECT 1 FROM {PostgresFixtures.Schema}.seats WHERE show_id = $1 AND seat_id = $2 FOR UPDATE", showId, seatId);

    /// <summary>Locks a show's row, which general-admission allocations update.</summary>
    public static Task<RowLock> OnShowAsync(NpgsqlDataSource dataSource, string showId) =>
        AcquireAsync(dataSource, $"SELECT 1 FROM {PostgresFixtures.Schema}.shows WHERE show_id = $1 FOR UPDATE", showId);

    /// <summary>Locks an allocation's row, which confirming, releasing and cancelling it update.</summary>
    public static Task<RowLock> OnAllocationAsync(NpgsqlDataSource dataSource, string showId, string allocationId) =>
        AcquireAsync(dataSource, $"SELECT 1 FROM {PostgresFixtures.Schema}.allocations WHERE show_id = $1 AND allocation_id = $2 FOR UPDATE", showId, Guid.Parse(allocationId));

    /// <summary>Rolls back and returns the connection to the pool; later calls do nothing.</summary>
    /// <remarks>
    /// Tests release the lock midway and again at the end of their scope. Only the first call may touch
    /// the transaction: Npgsql keeps one transaction object per physical connection and hands it to
    /// the connection's next user, so disposing it again would roll back (and talk over) another test's
    /// transaction. That is what broke other tests with "Received backend message ParseComplete while
    /// expecting ReadyForQueryMessage".
    /// </remarks>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    private static async Task<RowLock> AcquireAsync(NpgsqlDataSource dataSource, string sql, params object[] parameters)
    {
        var connection = await dataSource.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        Assert.Equal(1, await command.ExecuteScalarAsync()); // the row exists and is now locked
        return new RowLock(connection, transaction);
    }
}
