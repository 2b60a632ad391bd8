using Npgsql;

namespace SeatAllocation.Postgres;

/// <summary>
/// Decides each request alone, server-side, in one round trip: the <c>apply_batch</c> function locks
/// the show's row, takes the seats it needs with <c>SELECT … FOR UPDATE</c> (any N free ones with
/// <c>SKIP LOCKED</c>) or the general-admission capacity, records the allocation and commits, all in
/// one statement, so no lock is held while the client is away.
/// </summary>
/// <remarks>
/// A request for seats already taken, for more places than a show has left, or replaying a request
/// id is answered from what is committed without taking or waiting for any lock, so a sold-out show
/// stays cheap to ask. Every other request of a show waits for the show's lock, bounded by
/// <see cref="PostgresAllocationOptions.LockTimeout"/>; one that times out is answered
/// <see cref="AllocationStatus.Contended"/>. On a hot show, <see cref="GroupCommitAllocationStrategy"/>
/// decides many requests per round trip and lock instead of one.
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
