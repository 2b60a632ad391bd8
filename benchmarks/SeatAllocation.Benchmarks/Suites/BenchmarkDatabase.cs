using Npgsql;
using SeatAllocation.Postgres;
using SeatAllocation.Testing;

namespace SeatAllocation.Benchmarks.Suites;

/// <summary>One PostgreSQL pool (throwaway server unless SEATALLOCATION_POSTGRES is set) shared by every suite in the process.</summary>
internal static class BenchmarkDatabase
{
    private static readonly Lazy<Task<NpgsqlDataSource>> Shared = new(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<NpgsqlDataSource> GetAsync() => Shared.Value;

    private static async Task<NpgsqlDataSource> CreateAsync()
    {
        var builder = new NpgsqlDataSourceBuilder(await TestPostgres.GetConnectionStringAsync().ConfigureAwait(false));
        builder.ConnectionStringBuilder.MaxPoolSize = 100;
        var dataSource = builder.Build();
        await PostgresSchemaMigrator.MigrateAsync(dataSource).ConfigureAwait(false);
        return dataSource;
    }
}
