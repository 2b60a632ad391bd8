using Npgsql;
using SeatAllocation.Postgres;
using SeatAllocation.Redis;
using SeatAllocation.Testing;
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

    /// <summary>The Redis admission strategy as the race harness runs it: in front of the pessimistic strategy, library defaults.</summary>
    public static async Task<RedisAdmissionStrategy> CreateRedisAdmissionAsync()
    {
        var inner = new PessimisticAllocationStrategy(await GetPostgresAsync().ConfigureAwait(false));
        var redis = await Redis.Value.ConfigureAwait(false);
        return new RedisAdmissionStrategy(inner, redis.GetDatabase());
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
