using Npgsql;
using NpgsqlTypes;
using SeatAllocation.Postgres;
using SeatAllocation.Postgres.Storage;
using Xunit.Abstractions;

namespace SeatAllocation.Tests.Schema;

/// <summary>
/// Every statement on the allocation path must find its rows through an index, so its cost does not
/// grow with the size of the tables. The planner is told to avoid sequential scans; a statement
/// with no usable index would still show one. The plans are written to the test output.
/// </summary>
public sealed class QueryPlanTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> HotStatements => new()
    {
        { "pessimistic: lock named seats", PessimisticAllocationStrategy.LockSeatsSql },
        { "pessimistic: pick free seats", PessimisticAllocationStrategy.PickFreeSeatsSql },
        { "pessimistic: lock capacity", PessimisticAllocationStrategy.LockCapacitySql },
        { "pessimistic: take seats", PessimisticAllocationStrategy.TakeSeatsSql },
        { "optimistic: read seats", OptimisticAllocationStrategy.ReadSeatsSql },
        { "optimistic: read free seats", OptimisticAllocationStrategy.ReadFreeSeatsSql },
        { "optimistic: read capacity", OptimisticAllocationStrategy.ReadCapacitySql },
        { "optimistic: take seats", OptimisticAllocationStrategy.TakeSeatsSql },
        { "find by request id", PostgresAllocationStore.FindByRequestSql },
        { "find by allocation id", PostgresAllocationStore.FindByIdSql },
        { "take capacity", PostgresAllocationStore.TakeCapacitySql },
        { "confirm", PostgresAllocationStore.ConfirmSql },
        { "release or cancel", PostgresAllocationStore.ReleaseSql },
        { "availability", PostgresAllocationStore.AvailabilitySql },
        { "snapshot for a cache rebuild", PostgresAllocationStore.SnapshotSql },
        { "seat ids for a cache rebuild", PostgresAllocationStore.SeatIdsSql },
        { "sweeper: shows with expired holds", ExpiredHoldSweeper.ShowsWithExpiredHoldsSql },
        { "sweeper: sweep a show", ExpiredHoldSweeper.SweepShowSql },
    };

    [Theory]
    [MemberData(nameof(HotStatements))]
    public async Task Hot_statements_use_indexes_not_sequential_scans(string name, string sql)
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var discourage = new NpgsqlCommand("SET LOCAL enable_seqscan = off", connection, transaction))
        {
            await discourage.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN " + sql.Replace("{schema}", PostgresSchemaMigrator.DefaultSchema, StringComparison.Ordinal), connection, transaction);
        explain.Parameters.AddWithValue("show_id", "plan-show");
        explain.Parameters.AddWithValue("request_id", "plan-request");
        explain.Parameters.AddWithValue("allocation_id", Guid.NewGuid());
        explain.Parameters.AddWithValue("seat_ids", new[] { "S001", "S002" });
        explain.Parameters.AddWithValue("versions", new long[] { 0, 0 });
        explain.Parameters.AddWithValue("now", DateTimeOffset.UtcNow);
        explain.Parameters.Add(new NpgsqlParameter("expires_at", NpgsqlDbType.TimestampTz) { Value = DateTimeOffset.UtcNow });
        explain.Parameters.Add(new NpgsqlParameter("user_id", NpgsqlDbType.Text) { Value = DBNull.Value });
        explain.Parameters.Add(new NpgsqlParameter("expected_version", NpgsqlDbType.Bigint) { Value = 3L });
        explain.Parameters.AddWithValue("quantity", 2);
        explain.Parameters.AddWithValue("candidates", 24L);
        explain.Parameters.AddWithValue("booked_quantity", 0);
        explain.Parameters.AddWithValue("batch_size", 200);
        explain.Parameters.AddWithValue("live_state", "held");
        explain.Parameters.AddWithValue("final_state", "released");

        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        output.WriteLine($"-- {name}{Environment.NewLine}{string.Join(Environment.NewLine, plan)}");
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("Index", StringComparison.Ordinal));
    }
}
