using Npgsql;
using SeatAllocation.Postgres.Storage;

namespace SeatAllocation.Postgres;

/// <summary>
/// Allocates inside one PostgreSQL transaction that locks what it takes: the requested seat rows
/// with <c>SELECT … FOR UPDATE</c> in seat-id order (so concurrent requests never deadlock), any N
/// free seats with <c>FOR UPDATE SKIP LOCKED</c>, or a general-admission show's capacity row.
/// </summary>
/// <remarks>
/// Wins under contention and for multi-seat requests: a request waits for its seats instead of
/// retrying. A request for seats already taken, or for more places than a show has left, is refused
/// without taking or waiting for any lock, so a sold-out show stays cheap to ask. Lock waits
/// are bounded by <see cref="PostgresAllocationOptions.LockTimeout"/>; a request that times out is
/// answered <see cref="AllocationStatus.Contended"/>. Three round trips per successful request.
/// </remarks>
public sealed class PessimisticAllocationStrategy : PostgresAllocationStrategy
{
    /// <summary>The strategy's name in telemetry.</summary>
    public const string StrategyName = "pessimistic";

    // Locks only the seats that are free in the statement's snapshot: a buyer of a taken seat is
    // answered at once instead of queueing behind its holder. A seat taken while this statement waited
    // for its lock fails the re-check PostgreSQL makes after the wait, and is not returned either.
    internal const string LockSeatsSql = """
        SELECT seat_id
        FROM {schema}.seats
        WHERE show_id = @show_id AND seat_id = ANY (@seat_ids) AND (holder_id IS NULL OR held_until <= @now)
        ORDER BY seat_id
        FOR UPDATE
        """;

    // SKIP LOCKED never waits, so concurrent replays of one request id would not see each other;
    // an advisory lock on the request id makes them queue, and the later ones find the first.
    internal const string LockRequestIdSql = "SELECT pg_advisory_xact_lock(hashtextextended(@show_id || '/' || @request_id, 0))";

    internal const string PickFreeSeatsSql = """
        SELECT seat_id
        FROM {schema}.seats
        WHERE show_id = @show_id AND (holder_id IS NULL OR held_until <= @now)
        ORDER BY seat_id
        LIMIT @quantity
        FOR UPDATE SKIP LOCKED
        """;

    // Locks the show only when it can serve the request, so refusals on a sold-out show do not queue
    // on the show's row behind the buyers. No row back means not enough; the capacity update re-checks.
    internal const string LockCapacitySql = """
        SELECT sh.capacity - sh.allocated + expired.units AS free
        FROM {schema}.shows sh,
            LATERAL (SELECT coalesce(sum(quantity), 0)::int AS units FROM {schema}.allocations
                     WHERE show_id = sh.show_id AND state = 'held' AND expires_at <= @now) AS expired
        WHERE sh.show_id = @show_id AND sh.capacity - sh.allocated + expired.units >= @quantity
        FOR UPDATE OF sh
        """;

    internal const string TakeSeatsSql = """
        UPDATE {schema}.seats
        SET holder_id = @allocation_id, held_until = @expires_at, version = version + 1
        WHERE show_id = @show_id AND seat_id = ANY (@seat_ids)
        """;

    /// <summary>Creates the strategy over a PostgreSQL database whose schema was migrated (see <see cref="PostgresSchemaMigrator"/>).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">Schema and lock settings; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock that decides when holds expire; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PessimisticAllocationStrategy(NpgsqlDataSource dataSource, PostgresAllocationOptions? options = null, TimeProvider? timeProvider = null)
        : base(StrategyName, dataSource, options, timeProvider)
    {
    }

    private protected override async Task<AllocationResult> AllocateCoreAsync(string operation, ShowShape shape, AllocationRequest request, TimeSpan? duration, CancellationToken cancellationToken)
    {
        var now = TimeProvider.GetUtcNow();
        var allocation = new NewAllocation(request, now, now + duration);
        try
        {
            return await AllocateInTransactionAsync(shape, allocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresErrors.IsDuplicateRequest(ex))
        {
            // A concurrent replay of the same request id committed first.
            RecordConflict(operation);
            return await Store.ReplayAsync(request, allocation.Fingerprint, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresErrors.IsLockContention(ex))
        {
            RecordConflict(operation);
            return AllocationResult.Contended();
        }
    }

    private async Task<AllocationResult> AllocateInTransactionAsync(ShowShape shape, NewAllocation allocation, CancellationToken cancellationToken)
    {
        var request = allocation.Request;
        await using var connection = await Store.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Round trip 1: lock what the request needs, then look for an earlier request with this id.
        // The lookup runs after the lock wait, so it sees a concurrent replay that committed meanwhile.
        var lockCommand = new NpgsqlBatchCommand(Store.Sql(!shape.Seated ? LockCapacitySql : request.IsForSpecificSeats ? LockSeatsSql : PickFreeSeatsSql))
        {
            Parameters =
            {
                new("show_id", request.ShowId),
                new("now", allocation.Now),
                new("seat_ids", allocation.SeatIds),
                new("quantity", request.Quantity),
            },
        };
        var free = new List<string>();
        var freeUnits = 0;
        StoredAllocation? earlier;
        await using (var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { Store.LockTimeoutCommand() } })
        {
            if (shape.Seated && !request.IsForSpecificSeats)
            {
                batch.BatchCommands.Add(new(Store.Sql(LockRequestIdSql)) { Parameters = { new("show_id", request.ShowId), new("request_id", request.RequestId) } });
            }

            batch.BatchCommands.Add(lockCommand);
            batch.BatchCommands.Add(Store.FindByRequestCommand(request));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            for (var skipped = 2; skipped < batch.BatchCommands.Count; skipped++)
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            }

            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!shape.Seated)
                {
                    freeUnits = reader.GetInt32(0);
                }
                else
                {
                    free.Add(reader.GetString(0));
                }
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            earlier = await StoredAllocation.ReadSingleAsync(reader, cancellationToken).ConfigureAwait(false);
        }

        var refusal = earlier?.AsReplayOf(allocation.Fingerprint) ?? Refusal(shape, request, free, freeUnits);
        if (refusal is not null)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return refusal;
        }

        // Round trip 2: take the seats or units and record the allocation.
        var take = shape.Seated ? TakeSeatsCommand(allocation, free) : Store.TakeCapacityCommand(allocation, expectedVersion: null);
        await using (var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { take, Store.InsertCommand(allocation) } })
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (take.RecordsAffected != (shape.Seated ? allocation.SeatIds.Length : 1))
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return AllocationResult.NotEnoughAvailable();
        }

        // Round trip 3.
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return AllocationResult.Allocated(allocation.ToAllocation());
    }

    private static AllocationResult? Refusal(ShowShape shape, AllocationRequest request, List<string> free, int freeUnits)
    {
        if (!shape.Seated)
        {
            return freeUnits >= request.Quantity ? null : AllocationResult.NotEnoughAvailable();
        }

        if (!request.IsForSpecificSeats)
        {
            return free.Count >= request.Quantity ? null : AllocationResult.NotEnoughAvailable();
        }

        if (free.Count == request.Quantity)
        {
            return null;
        }

        // Seats that are taken, plus seats the show does not have.
        var unavailable = request.SeatIds.Except(free, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return AllocationResult.Unavailable(unavailable);
    }

    private NpgsqlBatchCommand TakeSeatsCommand(NewAllocation allocation, List<string> seats)
    {
        allocation.SeatIds = [.. seats.Order(StringComparer.Ordinal)];
        return new NpgsqlBatchCommand(Store.Sql(TakeSeatsSql))
        {
            Parameters =
            {
                new("show_id", allocation.Request.ShowId),
                new("allocation_id", allocation.Id),
                new("expires_at", (object?)allocation.ExpiresAt ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz },
                new("seat_ids", allocation.SeatIds),
            },
        };
    }
}
