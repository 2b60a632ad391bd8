namespace SeatAllocation.Redis.Tests;

/// <summary>
/// Tests that count every PostgreSQL command of the process, or stop, flush or pause a Redis
/// server: they run alone, after the parallel tests.
/// </summary>
[CollectionDefinition(nameof(RedisAlone), DisableParallelization = true)]
public sealed class RedisAlone;
