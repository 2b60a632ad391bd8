using Npgsql;
using SeatAllocation.Benchmarks.Baselines;
using SeatAllocation.Servers;

namespace SeatAllocation.Benchmarks.Tests.Baselines;

/// <summary>
/// The group-commit statements really record what the report says they do, on a real server: one
/// statement, 64 allocations. (pgbench runs them as they are; here Npgsql does, once.)
/// </summary>
public class GroupCommitLimitTests
{
    [Fact]
    public async Task One_general_admission_statement_checks_capacity_counts_64_and_inserts_64_allocations()
    {
        var dataSource = await SetUpAsync();

        await ExecuteAsync(dataSource, GroupCommitLimit.GeneralAdmissionSql);

        Assert.Equal(64L, await ScalarAsync(dataSource, "SELECT allocated FROM bench_baseline.ga_counter WHERE id = 1"));
        Assert.Equal(64L, await ScalarAsync(dataSource, "SELECT count(DISTINCT request_id) FROM bench_baseline.ga_allocations WHERE quantity = 1"));

        // A batch that does not fit is refused as a whole: nothing counted, nothing inserted.
        await ExecuteAsync(dataSource, "UPDATE bench_baseline.ga_counter SET capacity = allocated + 63");
        await ExecuteAsync(dataSource, GroupCommitLimit.GeneralAdmissionSql);

        Assert.Equal(64L, await ScalarAsync(dataSource, "SELECT allocated FROM bench_baseline.ga_counter WHERE id = 1"));
        Assert.Equal(64L, await ScalarAsync(dataSource, "SELECT count(*) FROM bench_baseline.ga_allocations"));
    }

    [Fact]
    public async Task One_named_seat_statement_gives_128_random_seats_to_64_allocations_of_2()
    {
        var dataSource = await SetUpAsync();

        await ExecuteAsync(dataSource, GroupCommitLimit.NamedSeatsSql);

        Assert.Equal(64L, await ScalarAsync(dataSource, "SELECT count(*) FROM bench_baseline.seat_allocations WHERE cardinality(seat_ids) = 2"));
        Assert.Equal(128L, await ScalarAsync(dataSource, "SELECT count(*) FROM bench_baseline.named_seats WHERE holder_id IS NOT NULL"));

        // Every held seat is one its holder's allocation names, and no seat is named twice.
        Assert.Equal(128L, await ScalarAsync(dataSource, """
            SELECT count(*) FROM bench_baseline.named_seats s
            JOIN bench_baseline.seat_allocations a ON a.allocation_id = s.holder_id AND s.id = ANY (a.seat_ids)
            """));
        Assert.Equal(128L, await ScalarAsync(dataSource, "SELECT count(DISTINCT seat_id) FROM bench_baseline.seat_allocations, unnest(seat_ids) seat_id"));
    }

    // Both tests re-create the same scratch tables; xunit runs one class's tests one at a time.
    private static async Task<NpgsqlDataSource> SetUpAsync()
    {
        var dataSource = await TestPostgres.GetDataSourceAsync();
        await ExecuteAsync(dataSource, GroupCommitLimit.SetupSql);
        return dataSource;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
