using Npgsql;
using SeatAllocation.Postgres;
using SeatAllocation.Redis;
using SeatAllocation.Servers;
using StackExchange.Redis;

namespace SeatAllocation.Benchmarks.Suites;

/// <summary>
/// One PostgreSQL pool and one Redis connection (throwaway servers unless SEATALLOCATION_POSTGRES /
/// SEATALLOCATION_REDIS are set) shared by every suite in the process.
/// </summary>
internal static class BenchmarkServers
{
    private static readonly Lazy<Task<NpgsqlDataSource>> Postgres = new(CreatePostgresAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Task<ConnectionMultiplexer>> Redis = new(CreateRedisAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<NpgsqlDataSource> GetPostgresAsync() => Postgres.Value;

    /// <summary>Every strategy a suite compares, with library defaults, and the raw-Npgsql baseline, on the shared servers.</summary>
    public static async Task<SuiteStrategies> CreateStrategiesAsync()
    {
        var dataSource = await GetPostgresAsync().ConfigureAwait(false);
        var redis = await Redis.Value.ConfigureAwait(false);
        return new SuiteStrategies(
            new InMemoryAllocationStrategy(),
            new PessimisticAllocationStrategy(dataSource),
            new OptimisticAllocationStrategy(dataSource),
            new RedisAdmissionStrategy(new PessimisticAllocationStrategy(dataSource), redis.GetDatabase()),
            new RawNpgsqlAllocator(dataSource));
    }

    private static async Task<NpgsqlDataSource> CreatePostgresAsync()
    {
        var builder = new NpgsqlDataSourceBuilder(await TestPostgres.GetConnectionStringAsync().ConfigureAwait(false));
        builder.ConnectionStringBuilder.MaxPoolSize = 100;
        var dataSource = builder.Build();
        await PostgresSchemaMigrator.MigrateAsync(dataSource).ConfigureAwait(false);
        return dataSource;
    }

    private static async Task<ConnectionMultiplexer> CreateRedisAsync() =>
        await ConnectionMultiplexer.ConnectAsync(await TestRedis.GetConfigurationAsync().ConfigureAwait(false)).ConfigureAwait(false);
}
