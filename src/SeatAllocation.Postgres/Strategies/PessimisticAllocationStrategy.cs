using Npgsql;

namespace SeatAllocation.Postgres;

/// <summary>
/// Decides each request alone, server-side, in one round trip: the <c>apply_batch</c> function takes
/// the requested seats with <c>SELECT … FOR UPDATE</c> in seat-id order (any N free ones with
/// <c>SKIP LOCKED</c>), or locks a general-admission show's row to take capacity, records the
/// allocation and commits, all in one statement, so no lock is held while the client is away.
/// </summary>
/// <remarks>
/// A request for seats already taken, for more places than a show has left, or replaying a request
/// id is answered from what is committed without taking or waiting for any lock, so a sold-out show
/// stays cheap to ask. Lock waits are bounded by <see cref="PostgresAllocationOptions.LockTimeout"/>;
/// a request that times out is answered <see cref="AllocationStatus.Contended"/>. Buyers of different
/// seats go in parallel, but every request of a general-admission show waits for the show's row, one
/// at a time: on a hot show, <see cref="GroupCommitAllocationStrategy"/> decides many requests per
/// round trip and lock instead of one. Best-available requests, which wait for the show's row one at
/// a time whatever the strategy, are queued per show and decided in batches (see
/// <see cref="PostgresAllocationStrategy"/>'s remarks on seat maps).
/// </remarks>
public sealed class PessimisticAllocationStrategy : PostgresAllocationStrategy
{
    /// <summary>The strategy's name in telemetry.</summary>
    public const string StrategyName = "pessimistic";

    /// <summary>Creates the strategy over a PostgreSQL database whose schema was migrated (see <see cref="PostgresSchemaMigrator"/>).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">Schema and lock settings; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock that decides when holds expire; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PessimisticAllocationStrategy(NpgsqlDataSource dataSource, PostgresAllocationOptions? options = null, TimeProvider? timeProvider = null)
        : base(StrategyName, dataSource, options, timeProvider)
    {
    }
}
