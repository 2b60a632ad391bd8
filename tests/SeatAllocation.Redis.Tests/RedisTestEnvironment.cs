using Microsoft.Extensions.Logging;
using Npgsql;
using SeatAllocation.Postgres;
using SeatAllocation.Servers;
using StackExchange.Redis;

namespace SeatAllocation.Redis.Tests;

/// <summary>
/// The real servers of these tests: the shared test PostgreSQL (schema migrated once) and the shared
/// test Redis. Tests that stop or flush Redis start a dedicated one instead.
/// </summary>
internal static class RedisTestEnvironment
{
    private static readonly Lazy<Task<NpgsqlDataSource>> Migrated = new(async () =>
    {
        var dataSource = await TestPostgres.GetDataSourceAsync();
        await PostgresSchemaMigrator.MigrateAsync(dataSource);
        return dataSource;
    });

    /// <summary>Races queue hundreds of transactions on a few rows: a generous lock timeout.</summary>
    public static PostgresAllocationOptions PostgresOptions => new() { LockTimeout = TimeSpan.FromSeconds(30) };

    public static Task<NpgsqlDataSource> GetDataSourceAsync() => Migrated.Value;

    public static async Task<IDatabase> GetRedisAsync() => (await TestRedis.GetMultiplexerAsync()).GetDatabase();

    /// <summary>A Redis admission strategy over the pessimistic strategy, sharing one clock.</summary>
    public static async Task<RedisAdmissionStrategy> CreateStrategyAsync(TimeProvider? timeProvider = null, IDatabaseAsync? redis = null, RedisAdmissionOptions? options = null, Func<IAllocationStrategy, IAllocationStrategy>? wrapInner = null, ILogger<RedisAdmissionStrategy>? logger = null)
    {
        timeProvider ??= TimeProvider.System;
        IAllocationStrategy inner = new PessimisticAllocationStrategy(await GetDataSourceAsync(), PostgresOptions, timeProvider);
        return new RedisAdmissionStrategy(wrapInner?.Invoke(inner) ?? inner, redis ?? await GetRedisAsync(), options ?? new RedisAdmissionOptions(), timeProvider, logger);
    }

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
