using Npgsql;
using SeatAllocation.Benchmarks.Suites;
using SeatAllocation.Postgres;
using SeatAllocation.Servers;

namespace SeatAllocation.Benchmarks.Tests.Suites;

/// <summary>
/// The raw-Npgsql baseline of the BenchmarkDotNet suites does the same work as the strategies, all
/// or nothing, on a real server: a request whose seats are not all free takes none of them.
/// </summary>
public class RawNpgsqlAllocatorTests
{
    [Fact]
    public async Task Taking_seats_takes_all_of_them_or_none()
    {
        var dataSource = await TestPostgres.GetDataSourceAsync();
        await PostgresSchemaMigrator.MigrateAsync(dataSource);
        var showId = "raw-" + Guid.NewGuid().ToString("N")[..12];
        await new PessimisticAllocationStrategy(dataSource).CreateShowAsync(ShowDefinition.Seated(showId, "A1", "A2", "A3"));

        var raw = new RawNpgsqlAllocator(dataSource);
        await raw.TakeSeatsAsync(showId, "first", "ada", ["A1", "A2"], holdFor: null);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => raw.TakeSeatsAsync(showId, "second", "bob", ["A2", "A3"], holdFor: TimeSpan.FromMinutes(5)));

        Assert.Contains("take seats changed no row", refused.Message, StringComparison.Ordinal);
        await using var holders = dataSource.CreateCommand($"""
            SELECT string_agg(st.seat_id || '=' || coalesce(a.request_id, st.holder_id::text, '-'), ',' ORDER BY st.seat_id)
            FROM {PostgresSchemaMigrator.DefaultSchema}.seats st
            LEFT JOIN {PostgresSchemaMigrator.DefaultSchema}.allocations a ON a.show_id = st.show_id AND a.allocation_id = st.holder_id
            WHERE st.show_id = @show_id
            """);
        holders.Parameters.AddWithValue("show_id", showId);
        Assert.Equal("A1=first,A2=first,A3=-", await holders.ExecuteScalarAsync());
        await using var allocations = dataSource.CreateCommand($"SELECT count(*) FROM {PostgresSchemaMigrator.DefaultSchema}.allocations WHERE show_id = @show_id");
        allocations.Parameters.AddWithValue("show_id", showId);
        Assert.Equal(1L, await allocations.ExecuteScalarAsync());
    }
}
