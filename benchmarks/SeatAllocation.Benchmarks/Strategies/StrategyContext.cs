using Npgsql;
using SeatAllocation.Postgres;

namespace SeatAllocation.Benchmarks.Strategies;

/// <summary>What a strategy factory gets: the shared servers and the clock.</summary>
/// <param name="DataSource">The harness's pool on the throwaway (or configured) PostgreSQL, schema already migrated.</param>
/// <param name="PostgresOptions">PostgreSQL options every PostgreSQL-backed strategy uses (library defaults unless stated in the report).</param>
/// <param name="RedisConfiguration">A StackExchange.Redis configuration string for the throwaway (or configured) Redis.</param>
/// <param name="TimeProvider">The clock; the system clock in races, so holds really expire.</param>
internal sealed record StrategyContext(NpgsqlDataSource DataSource, PostgresAllocationOptions PostgresOptions, string RedisConfiguration, TimeProvider TimeProvider);
