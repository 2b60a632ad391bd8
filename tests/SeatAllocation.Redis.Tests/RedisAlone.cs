namespace SeatAllocation.Redis.Tests;

/// <summary>
/// Tests that count every PostgreSQL command of the process, stop, flush or pause a Redis server,
/// or keep the shared Redis busy long enough (a rush of best-available admissions, each reading a
/// whole seat map) that other tests' calls would wait past their 1 s operation timeout: they run
/// alone, after the parallel tests.
/// </summary>
[CollectionDefinition(nameof(RedisAlone), DisableParallelization = true)]
public sealed class RedisAlone;
