using Npgsql;
using SeatAllocation.Postgres.Batches;

namespace SeatAllocation.Postgres;

/// <summary>
/// Group commit for hot shows: concurrent requests for the same show queue in this process and are
/// decided together, in arrival order, by one <c>apply_batch</c> call — one round trip, one lock of
/// the show's row and one commit for the whole batch, with each request's own outcome.
/// </summary>
/// <remarks>
/// <para>
/// There is no timer. A request for an idle show is sent at once, alone, as the pessimistic strategy
/// would send it; requests that arrive while a show's batch is in flight form the next batch, up to
/// <see cref="GroupCommitOptions.MaxBatchSize"/>. So light load costs one round trip per request and
/// heavy load grows the batches.
/// </para>
/// <para>
/// Every request keeps its own semantics: all or nothing, its own idempotency key (a replay inside
/// the same batch is answered as a replay), its own result. A request refused, reusing a key or naming
/// unknown seats is that request's answer only. A batch that fails on something one request's data
/// could cause is split and retried; a lost connection fails the requests of that batch, none of
/// which committed. Several app instances each batch their own requests; their batches take the
/// show's lock in turn and never deadlock (lock order: show row, allocation rows, seat rows).
/// </para>
/// <para>
/// Cancellation: a request cancelled while it waits in the queue is taken out and changes nothing.
/// Once its batch is sent, cancelling only stops the wait: the request may still commit. Replay the
/// request id (or read the allocation) to learn the truth.
/// </para>
/// </remarks>
public sealed class GroupCommitAllocationStrategy : PostgresAllocationStrategy
{
    /// <summary>The strategy's name in telemetry.</summary>
    public const string StrategyName = "group-commit";

    private readonly GroupCommitQueue _queue;

    /// <summary>Creates the strategy over a PostgreSQL database whose schema was migrated (see <see cref="PostgresSchemaMigrator"/>).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">Schema and lock settings; defaults when <see langword="null"/>.</param>
    /// <param name="groupCommit">Batch settings; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock that decides when holds expire; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public GroupCommitAllocationStrategy(
        NpgsqlDataSource dataSource,
        PostgresAllocationOptions? options = null,
        GroupCommitOptions? groupCommit = null,
        TimeProvider? timeProvider = null)
        : base(StrategyName, dataSource, options, timeProvider)
    {
        _queue = new GroupCommitQueue(Runner, (groupCommit ?? new GroupCommitOptions()).Validated().MaxBatchSize);
    }

    private protected override Task<BatchAnswer> ApplyAsync(AllocationCommand command, CancellationToken cancellationToken) =>
        _queue.EnqueueAsync(command, cancellationToken);
}
