using Npgsql;
using SeatAllocation.Postgres.Batches;
using SeatAllocation.Postgres.Optimistic;
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
/// Confirming, releasing and cancelling are decided server-side in one round trip, as by the
/// pessimistic strategy, and so are best-available requests (<see cref="AllocationRequest.BestAvailable"/>):
/// which seats are best depends on every seat of the map, so a version check on the chosen seats
/// alone would not notice that a better block was freed or that a neighbour it would strand was
/// taken, and buyers racing for the same best block would mostly lose and retry; under the show
/// row's lock in <c>apply_batch</c> each buyer chooses after the previous one took its seats. Holds and
/// bookings of a show with a per-user limit (<see cref="ShowDefinition.MaxSeatsPerUser"/>) go there
/// too: a version check on seats or counters cannot see another of the user's requests taking other
/// seats at the same time. Extending a hold is decided there as well. A transient database failure repeats the attempt (see
/// <see cref="PostgresAllocationOptions.TransientRetries"/>): a failure before <c>COMMIT</c> was sent
/// wrote nothing, and after it the repeated attempt's first read finds the allocation if it committed.
/// </remarks>
public sealed class OptimisticAllocationStrategy : PostgresAllocationStrategy
{
    /// <summary>The strategy's name in telemetry.</summary>
    public const string StrategyName = "optimistic";

    private readonly OptimisticConcurrencyOptions _retry;
    private readonly OptimisticStatements _statements;

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
        _statements = new OptimisticStatements(Store);
    }

    private protected override async Task<AllocationResult> AllocateAsync(AllocationCommand command, CancellationToken cancellationToken)
    {
        var request = command.Request!;
        if (request.IsBestAvailable || command.HasSeatsChosenForBestAvailable)
        {
            // Chosen under the show's lock, server-side (see the remarks on the class); seats chosen in
            // front of PostgreSQL go there too, which records whether they are together.
            return await base.AllocateAsync(command, cancellationToken).ConfigureAwait(false);
        }

        var operation = command.Operation == AllocationOperation.Hold ? "hold" : "book";
        var shape = await Retry.RunAsync(token => Store.GetShapeAsync(request.ShowId, token), command.Describe(), cancellationToken).ConfigureAwait(false);
        if (shape is null)
        {
            return AllocationResult.NotFound();
        }

        if (shape.MaxSeatsPerUser is not null)
        {
            // A per-user limit is kept under the show's lock, server-side (see the remarks on the class).
            return await base.AllocateAsync(command, cancellationToken).ConfigureAwait(false);
        }

        if (!shape.Seated && request.IsForSpecificSeats)
        {
            return AllocationResult.Unavailable(request.SeatIds);
        }

        for (var attempt = 0; ; attempt++)
        {
            var allocation = new NewAllocation(command, TimeProvider.GetUtcNow(), request.SeatIds);
            try
            {
                // A transient failure repeats the attempt: before COMMIT was sent nothing was written, and
                // after, the attempt's first read finds the allocation if the commit went through.
                var attempted = allocation;
                var result = await Retry.RunAsync(token => TryAllocateAsync(shape, attempted, token), command.Describe(), cancellationToken).ConfigureAwait(false);
                if (result is not null)
                {
                    return result;
                }
            }
            catch (Exception ex) when (PostgresErrors.IsDuplicateRequest(ex))
            {
                // A concurrent replay of this request id committed first: the next read finds it.
                RecordConflict(operation);
                continue;
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
        var seats = new List<(string SeatId, long Version)>();
        long showVersion = 0;
        var freeUnits = 0;
        StoredAllocation? earlier = null;
        await using (var batch = new NpgsqlBatch(connection) { BatchCommands = { _statements.Read(shape, request, allocation.Now), _statements.FindByRequest(request) } })
        {
            await Store.PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var (versionColumn, freeColumn) = (reader.GetOrdinal("version"), reader.GetOrdinal("free"));
            var seatColumn = shape.Seated ? reader.GetOrdinal("seat_id") : -1;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!shape.Seated)
                {
                    (showVersion, freeUnits) = (reader.GetInt64(versionColumn), reader.GetInt32(freeColumn));
                }
                else if (reader.GetBoolean(freeColumn))
                {
                    seats.Add((reader.GetString(seatColumn), reader.GetInt64(versionColumn)));
                }
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                earlier = new StoredAllocation.ColumnReader(reader).Read();
            }
        }

        if (earlier is not null && earlier.Id == allocation.Command.AllocationId)
        {
            // This very call committed on an attempt whose answer was lost: its own answer, not a replay.
            return AllocationResult.Allocated(earlier.Original);
        }

        var refusal = earlier?.AsReplayOf(allocation.Command.Fingerprint!) ?? Refusal(shape, request, seats, freeUnits);
        if (refusal is not null)
        {
            return refusal;
        }

        // Round trips 2 and 3: write only if nothing changed since the read.
        var chosen = shape.Seated ? PickSeats(request, seats) : [];
        allocation = allocation.WithSeats([.. chosen.Select(s => s.SeatId)]);
        var take = shape.Seated ? _statements.TakeSeats(allocation, chosen) : _statements.TakeCapacity(allocation, showVersion);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { Store.LockTimeoutCommand() } })
        {
            if (!shape.Seated)
            {
                // The show row first, as every writer of a show takes it (PostgresAllocationStore's lock
                // order): TakeCapacity marks expired holds before it updates the show, and without this
                // a concurrent apply_batch, holding the show and marking the same holds, deadlocked with it.
                batch.BatchCommands.Add(Store.LockShowCommand(request.ShowId));
            }

            batch.BatchCommands.Add(take);
            batch.BatchCommands.Add(_statements.Insert(allocation));
            await Store.PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (take.RecordsAffected != (shape.Seated ? chosen.Count : 1))
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

        // Seats that are taken, plus seats the show does not have.
        var unavailable = request.SeatIds.Except(freeSeats.Select(s => s.SeatId), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return AllocationResult.Unavailable(unavailable);
    }

    /// <summary>The seats to take, in seat-id order: the named ones, or a random pick among the free candidates.</summary>
    private static List<(string SeatId, long Version)> PickSeats(AllocationRequest request, List<(string SeatId, long Version)> freeSeats)
    {
        var candidates = freeSeats.ToArray();
        if (!request.IsForSpecificSeats)
        {
            Random.Shared.Shuffle(candidates);
        }

        return [.. candidates.Take(request.Quantity).OrderBy(s => s.SeatId, StringComparer.Ordinal)];
    }

    /// <summary>Full jitter: a random delay up to the exponentially growing cap.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var cap = Math.Min(_retry.MaxDelay.TotalMilliseconds, _retry.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * cap);
    }
}
