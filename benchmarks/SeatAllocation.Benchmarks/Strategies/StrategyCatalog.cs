using SeatAllocation.Postgres;
using SeatAllocation.Redis;
using StackExchange.Redis;

namespace SeatAllocation.Benchmarks.Strategies;

/// <summary>
/// Every strategy the race harness knows, in table order. This list is the one place to add a
/// strategy: a name, one line for the report, and a factory.
/// </summary>
internal static class StrategyCatalog
{
    public static IReadOnlyList<StrategyEntry> All { get; } =
    [
        new(
            InMemoryAllocationStrategy.StrategyName,
            "exact, process-local; one lock per show (the reference model, no I/O)",
            (context, _) => Task.FromResult(HarnessStrategy.Of(InMemoryAllocationStrategy.StrategyName, new InMemoryAllocationStrategy(context.TimeProvider))),
            InstancesShareState: false),
        new(
            PessimisticAllocationStrategy.StrategyName,
            "PostgreSQL, one apply_batch call per request (show row FOR NO KEY UPDATE, seats FOR UPDATE SKIP LOCKED; best-available requests batched per show, as every PostgreSQL strategy does), library defaults (LockTimeout 2 s)",
            (context, _) => Task.FromResult(HarnessStrategy.Of(
                PessimisticAllocationStrategy.StrategyName,
                new PessimisticAllocationStrategy(context.DataSource, context.PostgresOptions, context.TimeProvider)))),
        new(
            OptimisticAllocationStrategy.StrategyName,
            "PostgreSQL, versioned conditional UPDATE (best-available requests batched per show through apply_batch), library defaults (MaxRetries 6, 2–100 ms jittered backoff)",
            (context, _) => Task.FromResult(HarnessStrategy.Of(
                OptimisticAllocationStrategy.StrategyName,
                new OptimisticAllocationStrategy(context.DataSource, context.PostgresOptions, new OptimisticConcurrencyOptions(), context.TimeProvider)))),
        new(
            GroupCommitAllocationStrategy.StrategyName,
            "PostgreSQL, concurrent requests of a show decided together by one apply_batch call, library defaults (MaxBatchSize 64)",
            (context, _) => Task.FromResult(HarnessStrategy.Of(
                GroupCommitAllocationStrategy.StrategyName,
                new GroupCommitAllocationStrategy(context.DataSource, context.PostgresOptions, new GroupCommitOptions(), context.TimeProvider)))),
        new(
            RedisAdmissionStrategy.StrategyName,
            "Redis Lua admission (seat leases + remaining counter) in front of the pessimistic strategy, library defaults",
            async (context, _) =>
            {
                var redis = await ConnectionMultiplexer.ConnectAsync(context.RedisConfiguration);
                var inner = new PessimisticAllocationStrategy(context.DataSource, context.PostgresOptions, context.TimeProvider);
                var strategy = new RedisAdmissionStrategy(inner, redis.GetDatabase(), new RedisAdmissionOptions(), context.TimeProvider);
                return HarnessStrategy.Of(RedisAdmissionStrategy.StrategyName, strategy, owned: new OwnedMultiplexer(redis));
            }),
        new(
            "redis-group-commit",
            "Redis Lua admission, as above, in front of the group-commit strategy, library defaults",
            async (context, _) =>
            {
                var redis = await ConnectionMultiplexer.ConnectAsync(context.RedisConfiguration);
                var inner = new GroupCommitAllocationStrategy(context.DataSource, context.PostgresOptions, new GroupCommitOptions(), context.TimeProvider);
                var strategy = new RedisAdmissionStrategy(inner, redis.GetDatabase(), new RedisAdmissionOptions(), context.TimeProvider);
                return HarnessStrategy.Of("redis-group-commit", strategy, owned: new OwnedMultiplexer(redis));
            }),
    ];

    /// <summary>The entries named in <paramref name="names"/> (all when null or empty), in catalog order.</summary>
    public static IReadOnlyList<StrategyEntry> Select(IReadOnlyCollection<string>? names)
    {
        if (names is null || names.Count == 0)
        {
            return All;
        }

        var unknown = names.Where(n => All.All(e => e.Name != n)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"Unknown strategy: {string.Join(", ", unknown)}. Known: {string.Join(", ", All.Select(e => e.Name))}.", nameof(names));
        }

        return [.. All.Where(e => names.Contains(e.Name))];
    }
}
