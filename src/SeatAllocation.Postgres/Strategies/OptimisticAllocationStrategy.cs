using Npgsql;
using SeatAllocation.Postgres.Storage;

namespace SeatAllocation.Postgres;

/// <summary>
/// Allocates without holding locks while deciding: reads the seats (or a general-admission show's
/// counters) with their versions, then writes with <c>UPDATE … WHERE version = @read_version</c>.
/// A lost race is retried with jittered exponential backoff, a bounded number of times.
/// </summary>
/// <remarks>
/// It retries only when a version changed while the seats were still free. When the seats were
/// really taken, the answer is a final <see cref="AllocationStatus.Unavailable"/>: no retry, so a
/// sell-out does not amplify load. Wins at low contention; under a rush on few seats most requests
/// lose races, which the <c>seatallocation.conflicts</c> and <c>seatallocation.retries</c> counters show.
/// </remarks>
public sealed class OptimisticAllocationStrategy : PostgresAllocationStrategy
{
    /// <summary>The strategy's name in telemetry.</summary>
    public const string StrategyName = "optimistic";

    internal const string ReadSeatsSql = """
        SELECT seat_id, version, holder_id IS NULL OR coalesce(held_until <= @now, false) AS free
        FROM {schema}.seats
        WHERE show_id = @show_id AND seat_id = ANY (@seat_ids)
        """;

    // Reads a few more free seats than needed and picks among them at random, so concurrent
    // quantity requests rarely aim at the same rows.
    internal const string ReadFreeSeatsSql = """
        SELECT seat_id, version, true AS free
        FROM {schema}.seats
        WHERE show_id = @show_id AND (holder_id IS NULL OR held_until <= @now)
        ORDER BY seat_id
        LIMIT @candidates
        """;

    internal const string ReadCapacitySql = """
        SELECT version, capacity - allocated + (
            SELECT coalesce(sum(quantity), 0) FROM {schema}.allocations
            WHERE show_id = @show_id AND state = 'held' AND expires_at <= @now)::int AS free
        FROM {schema}.shows
        WHERE show_id = @show_id
        """;

    internal const string TakeSeatsSql = """
        UPDATE {schema}.seats s
        SET holder_id = @allocation_id, held_until = @expires_at, version = s.version + 1
        FROM unnest(@seat_ids::text[], @versions::bigint[]) AS expected (seat_id, version)
        WHERE s.show_id = @show_id AND s.seat_id = expected.seat_id AND s.version = expected.version
        """;

    private readonly OptimisticConcurrencyOptions _retry;

    /// <summary>Creates the strategy over a PostgreSQL database whose schema was migrated (see <see cref="PostgresSchemaMigrator"/>).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">Schema and lock settings; defaults when <see langword="null"/>.</param>
    /// <param name="retry">Retry settings; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock that decides when holds expire; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public OptimisticAllocationStrategy(
        NpgsqlDataSource dataSource,
        PostgresAllocationOptions? options = null,
        OptimisticConcurrencyOptions? retry = null,
        TimeProvider? timeProvider = null)
        : base(StrategyName, dataSource, options, timeProvider)
    {
        _retry = (retry ?? new OptimisticConcurrencyOptions()).Validated();
    }

    private protected override async Task<AllocationResult> AllocateCoreAsync(string operation, ShowShape shape, AllocationRequest request, TimeSpan? duration, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var now = TimeProvider.GetUtcNow();
            var allocation = new NewAllocation(request, now, now + duration);
            try
            {
                var result = await TryAllocateAsync(shape, allocation, cancellationToken).ConfigureAwait(false);
                if (result is not null)
                {
                    return result;
                }
            }
            catch (Exception ex) when (PostgresErrors.IsDuplicateRequest(ex))
            {
                RecordConflict(operation);
                return await Store.ReplayAsync(request, allocation.Fingerprint, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (PostgresErrors.IsLockContention(ex))
            {
                // Waited too long behind another writer of the same rows: a lost race like any other.
            }

            RecordConflict(operation);
            if (attempt == _retry.MaxRetries)
            {
                return AllocationResult.Contended();
            }

            await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
            RecordRetry(operation);
        }
    }

    /// <summary>One read-then-conditional-write attempt. <see langword="null"/> means a version moved on: retry.</summary>
    private async Task<AllocationResult?> TryAllocateAsync(ShowShape shape, NewAllocation allocation, CancellationToken cancellationToken)
    {
        var request = allocation.Request;
        await using var connection = await Store.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // Round trip 1, no transaction: the current versions, and any earlier request with this id.
        var read = new NpgsqlBatchCommand(Store.Sql(!shape.Seated ? ReadCapacitySql : request.IsForSpecificSeats ? ReadSeatsSql : ReadFreeSeatsSql))
        {
            Parameters =
            {
                new("show_id", request.ShowId),
                new("now", allocation.Now),
                new("seat_ids", allocation.SeatIds),
                new("candidates", Math.Min(request.Quantity * 4L, AllocationLimits.MaxCapacity) + 16),
            },
        };
        var seats = new List<(string SeatId, long Version)>();
        long showVersion = 0;
        var freeUnits = 0;
        StoredAllocation? earlier;
        await using (var batch = new NpgsqlBatch(connection) { BatchCommands = { read, Store.FindByRequestCommand(request) } })
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!shape.Seated)
                {
                    (showVersion, freeUnits) = (reader.GetInt64(0), reader.GetInt32(1));
                }
                else if (reader.GetBoolean(2))
                {
                    seats.Add((reader.GetString(0), reader.GetInt64(1)));
                }
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            earlier = await StoredAllocation.ReadSingleAsync(reader, cancellationToken).ConfigureAwait(false);
        }

        var refusal = earlier?.AsReplayOf(allocation.Fingerprint) ?? Refusal(shape, request, seats, freeUnits);
        if (refusal is not null)
        {
            return refusal;
        }

        // Round trips 2 and 3: write only if nothing changed since the read.
        var take = shape.Seated ? TakeSeatsCommand(allocation, PickSeats(request, seats)) : Store.TakeCapacityCommand(allocation, showVersion);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { Store.LockTimeoutCommand(), take, Store.InsertCommand(allocation) } })
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (take.RecordsAffected != (shape.Seated ? allocation.SeatIds.Length : 1))
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return AllocationResult.Allocated(allocation.ToAllocation());
    }

    private static AllocationResult? Refusal(ShowShape shape, AllocationRequest request, List<(string SeatId, long Version)> freeSeats, int freeUnits)
    {
        if (!shape.Seated || !request.IsForSpecificSeats)
        {
            var free = shape.Seated ? freeSeats.Count : freeUnits;
            return free >= request.Quantity ? null : AllocationResult.NotEnoughAvailable();
        }

        if (freeSeats.Count == request.Quantity)
        {
            return null;
        }

        var unavailable = request.SeatIds.Except(freeSeats.Select(s => s.SeatId), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return AllocationResult.Unavailable(unavailable);
    }

    private static List<(string SeatId, long Version)> PickSeats(AllocationRequest request, List<(string SeatId, long Version)> freeSeats)
    {
        if (request.IsForSpecificSeats)
        {
            return freeSeats;
        }

        var candidates = freeSeats.ToArray();
        Random.Shared.Shuffle(candidates);
        return [.. candidates.Take(request.Quantity)];
    }

    private NpgsqlBatchCommand TakeSeatsCommand(NewAllocation allocation, List<(string SeatId, long Version)> seats)
    {
        var chosen = seats.OrderBy(s => s.SeatId, StringComparer.Ordinal).ToArray();
        allocation.SeatIds = [.. chosen.Select(s => s.SeatId)];
        return new NpgsqlBatchCommand(Store.Sql(TakeSeatsSql))
        {
            Parameters =
            {
                new("show_id", allocation.Request.ShowId),
                new("allocation_id", allocation.Id),
                new("expires_at", (object?)allocation.ExpiresAt ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz },
                new("seat_ids", allocation.SeatIds),
                new("versions", chosen.Select(s => s.Version).ToArray()),
            },
        };
    }

    /// <summary>Full jitter: a random delay up to the exponentially growing cap.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var cap = Math.Min(_retry.MaxDelay.TotalMilliseconds, _retry.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * cap);
    }
}
