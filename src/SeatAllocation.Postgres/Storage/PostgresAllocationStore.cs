using System.Collections.Concurrent;
using Npgsql;

namespace SeatAllocation.Postgres.Storage;

/// <summary>
/// The SQL both PostgreSQL strategies share: shows, availability, idempotency records, confirming,
/// releasing and cancelling. The strategies differ only in how they take seats.
/// </summary>
/// <remarks>
/// Lock order, the same everywhere so transactions never deadlock: a general-admission show row,
/// then allocation rows, then seat rows in seat-id order.
/// </remarks>
internal sealed class PostgresAllocationStore
{
    private const int MaxCachedShapes = 10_000;

    internal const string CreateShowSql = """
        WITH created AS (
            INSERT INTO {schema}.shows (show_id, seated, capacity)
            VALUES (@show_id, @seated, @capacity)
            ON CONFLICT (show_id) DO NOTHING
            RETURNING show_id),
        seats AS (
            INSERT INTO {schema}.seats (show_id, seat_id)
            SELECT created.show_id, seat_id FROM created, unnest(@seat_ids::text[]) AS seat_id)
        SELECT count(*) FROM created
        """;

    internal const string ShapeSql = "SELECT seated, capacity FROM {schema}.shows WHERE show_id = @show_id";

    internal const string AvailabilitySql = """
        SELECT sh.seated, sh.capacity,
            CASE WHEN sh.seated
                THEN (SELECT count(*) FROM {schema}.seats WHERE show_id = @show_id AND held_until > @now)
                ELSE (SELECT coalesce(sum(quantity), 0) FROM {schema}.allocations WHERE show_id = @show_id AND state = 'held' AND expires_at > @now)
            END::int AS held,
            CASE WHEN sh.seated
                THEN (SELECT count(*) FROM {schema}.seats WHERE show_id = @show_id AND holder_id IS NOT NULL AND held_until IS NULL)::int
                ELSE sh.booked
            END AS booked
        FROM {schema}.shows sh
        WHERE sh.show_id = @show_id
        """;

    // One statement, so the show row and its allocations come from one MVCC snapshot. The request ids
    // of released, expired and cancelled allocations come too: replays of them must still be recognised.
    internal const string SnapshotSql = """
        SELECT sh.seated, sh.capacity, a.request_id, a.allocation_id, a.show_id, a.fingerprint, a.user_id, a.kind, a.state, a.seat_ids, a.quantity, a.expires_at
        FROM {schema}.shows sh
        LEFT JOIN {schema}.allocations a ON a.show_id = sh.show_id
        WHERE sh.show_id = @show_id
        """;

    // A show's seats never change after it is created, so this need not share the snapshot above.
    internal const string SeatIdsSql = "SELECT seat_id FROM {schema}.seats WHERE show_id = @show_id ORDER BY seat_id";

    internal const string FindByRequestSql = "SELECT " + StoredAllocation.Columns + " FROM {schema}.allocations WHERE show_id = @show_id AND request_id = @request_id";

    internal const string FindByIdSql = "SELECT " + StoredAllocation.Columns + " FROM {schema}.allocations WHERE show_id = @show_id AND allocation_id = @allocation_id";

    internal const string InsertSql = """
        INSERT INTO {schema}.allocations (show_id, allocation_id, request_id, fingerprint, user_id, kind, state, seat_ids, quantity, expires_at, created_at)
        VALUES (@show_id, @allocation_id, @request_id, @fingerprint, @user_id, @kind, @state, @seat_ids, @quantity, @expires_at, @now)
        """;

    // Reclaims the show's expired holds and takes the requested units in one statement. The caller
    // rolls back when no row comes back (not enough capacity, or the version moved on).
    internal const string TakeCapacitySql = """
        WITH expired AS (
            UPDATE {schema}.allocations
            SET state = 'expired'
            WHERE show_id = @show_id AND state = 'held' AND expires_at <= @now
            RETURNING quantity),
        reclaimed AS (
            SELECT coalesce(sum(quantity), 0)::int AS units FROM expired)
        UPDATE {schema}.shows
        SET allocated = allocated - reclaimed.units + @quantity,
            booked = booked + @booked_quantity,
            version = version + 1
        FROM reclaimed
        WHERE show_id = @show_id
          AND allocated - reclaimed.units + @quantity <= capacity
          AND (@expected_version::bigint IS NULL OR version = @expected_version)
        RETURNING allocated
        """;

    // Taken first by every writer of a general-admission show, so its counters are changed in one order.
    internal const string LockCapacitySql = "SELECT 1 FROM {schema}.shows WHERE show_id = @show_id AND NOT seated FOR UPDATE";

    internal const string ConfirmSql = """
        WITH confirmed AS (
            UPDATE {schema}.allocations
            SET state = 'booked'
            WHERE show_id = @show_id AND allocation_id = @allocation_id AND kind = 'hold' AND state = 'held'
              AND expires_at > @now AND (@user_id::text IS NULL OR user_id = @user_id)
            RETURNING seat_ids, quantity),
        booked_seats AS (
            UPDATE {schema}.seats
            SET held_until = NULL, version = version + 1
            WHERE show_id = @show_id AND seat_id = ANY ((SELECT seat_ids FROM confirmed)::text[]) AND holder_id = @allocation_id
            RETURNING 1),
        counters AS (
            UPDATE {schema}.shows
            SET booked = booked + (SELECT quantity FROM confirmed), version = version + 1
            WHERE show_id = @show_id AND NOT seated AND EXISTS (SELECT 1 FROM confirmed)
            RETURNING 1)
        SELECT (SELECT count(*) FROM confirmed)::int, coalesce((SELECT cardinality(seat_ids) FROM confirmed), 0)::int, (SELECT count(*) FROM booked_seats)::int
        """;

    internal const string ReleaseSql = """
        WITH freed AS (
            UPDATE {schema}.allocations
            SET state = @final_state
            WHERE show_id = @show_id AND allocation_id = @allocation_id AND state = @live_state
              AND (state <> 'held' OR expires_at > @now) AND (@user_id::text IS NULL OR user_id = @user_id)
            RETURNING seat_ids, quantity),
        freed_seats AS (
            UPDATE {schema}.seats
            SET holder_id = NULL, held_until = NULL, version = version + 1
            WHERE show_id = @show_id AND seat_id = ANY ((SELECT seat_ids FROM freed)::text[]) AND holder_id = @allocation_id
            RETURNING 1),
        counters AS (
            UPDATE {schema}.shows
            SET allocated = allocated - (SELECT quantity FROM freed),
                booked = booked - CASE WHEN @live_state = 'booked' THEN (SELECT quantity FROM freed) ELSE 0 END,
                version = version + 1
            WHERE show_id = @show_id AND NOT seated AND EXISTS (SELECT 1 FROM freed)
            RETURNING 1)
        SELECT count(*)::int FROM freed
        """;

    private readonly ConcurrentDictionary<string, ShowShape> _shapes = new(StringComparer.Ordinal);
    private readonly string _schema;
    private readonly string _lockTimeout;

    public PostgresAllocationStore(NpgsqlDataSource dataSource, PostgresAllocationOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        DataSource = dataSource;
        _schema = options.Validated().Schema;
        _lockTimeout = $"{Math.Max(1, (long)options.LockTimeout.TotalMilliseconds)}ms";
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Puts the configured schema into a SQL template.</summary>
    public string Sql(string template) => template.Replace("{schema}", _schema, StringComparison.Ordinal);

    /// <summary>Bounds every lock wait of the current transaction by the configured lock timeout.</summary>
    public NpgsqlBatchCommand LockTimeoutCommand() =>
        new("SELECT set_config('lock_timeout', @lock_timeout, true)") { Parameters = { new("lock_timeout", _lockTimeout) } };

    public NpgsqlBatchCommand FindByRequestCommand(AllocationRequest request) =>
        new(Sql(FindByRequestSql)) { Parameters = { new("show_id", request.ShowId), new("request_id", request.RequestId) } };

    public NpgsqlBatchCommand LockCapacityCommand(string showId) =>
        new(Sql(LockCapacitySql)) { Parameters = { new("show_id", showId) } };

    public NpgsqlBatchCommand InsertCommand(NewAllocation allocation) => new(Sql(InsertSql))
    {
        Parameters =
        {
            new("show_id", allocation.Request.ShowId),
            new("allocation_id", allocation.Id),
            new("request_id", allocation.Request.RequestId),
            new("fingerprint", allocation.Fingerprint),
            new("user_id", allocation.Request.UserId),
            new("kind", allocation.IsHold ? "hold" : "booking"),
            new("state", allocation.IsHold ? "held" : "booked"),
            new("seat_ids", allocation.SeatIds),
            new("quantity", allocation.Request.Quantity),
            new("expires_at", (object?)allocation.ExpiresAt ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz },
            new("now", allocation.Now),
        },
    };

    /// <summary>Takes general-admission units, reclaiming expired holds first; only if the version still matches when one is given.</summary>
    public NpgsqlBatchCommand TakeCapacityCommand(NewAllocation allocation, long? expectedVersion) => new(Sql(TakeCapacitySql))
    {
        Parameters =
        {
            new("show_id", allocation.Request.ShowId),
            new("now", allocation.Now),
            new("quantity", allocation.Request.Quantity),
            new("booked_quantity", allocation.IsHold ? 0 : allocation.Request.Quantity),
            new("expected_version", (object?)expectedVersion ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint },
        },
    };

    public async Task<ShowShape?> GetShapeAsync(string showId, CancellationToken cancellationToken)
    {
        if (_shapes.TryGetValue(showId, out var cached))
        {
            return cached;
        }

        await using var command = DataSource.CreateCommand(Sql(ShapeSql));
        command.Parameters.AddWithValue("show_id", showId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        if (_shapes.Count >= MaxCachedShapes)
        {
            _shapes.Clear();
        }

        return _shapes[showId] = new ShowShape(reader.GetBoolean(0), reader.GetInt32(1));
    }

    public async Task<CreateShowResult> CreateShowAsync(ShowDefinition show, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(Sql(CreateShowSql));
        command.Parameters.AddWithValue("show_id", show.ShowId);
        command.Parameters.AddWithValue("seated", show.IsSeated);
        command.Parameters.AddWithValue("capacity", show.Capacity);
        command.Parameters.AddWithValue("seat_ids", show.SeatIds.ToArray());
        var created = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return created == 1 ? CreateShowResult.Created : CreateShowResult.AlreadyExists;
    }

    public async Task<ShowAvailability?> GetAvailabilityAsync(string showId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(Sql(AvailabilitySql));
        command.Parameters.AddWithValue("show_id", showId);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var (capacity, held, booked) = (reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
        return new ShowAvailability(showId, reader.GetBoolean(0), capacity, capacity - held - booked, held, booked);
    }

    public async Task<ShowSnapshot?> GetSnapshotAsync(string showId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var allocations = await ReadAllocationsAsync(showId, now, cancellationToken).ConfigureAwait(false);
        if (allocations is not var (seated, capacity, live, requests))
        {
            return null;
        }

        var seatIds = seated ? await ReadSeatIdsAsync(showId, capacity, cancellationToken).ConfigureAwait(false) : [];
        return new ShowSnapshot(showId, seated, capacity, now, live, requests, seatIds);
    }

    // Each reader is disposed exactly once, by its own scope: Npgsql reuses a connection's reader
    // object, so disposing one twice can close the next command's reader on that pooled connection.
    private async Task<(bool Seated, int Capacity, List<Allocation> Live, Dictionary<string, string> Requests)?> ReadAllocationsAsync(string showId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(Sql(SnapshotSql));
        command.Parameters.AddWithValue("show_id", showId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var (seated, capacity) = (reader.GetBoolean(0), reader.GetInt32(1));
        var live = new List<Allocation>();
        var requests = new Dictionary<string, string>(StringComparer.Ordinal);
        do
        {
            if (reader.IsDBNull(2))
            {
                break; // a show without allocations: the LEFT JOIN's one row of nulls
            }

            var stored = StoredAllocation.Read(reader, offset: 3);
            requests[reader.GetString(2)] = stored.Original.Id;
            if (stored.State == "booked" || (stored.State == "held" && stored.ExpiresAt > now))
            {
                live.Add(stored.Original);
            }
        }
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false));

        return (seated, capacity, live, requests);
    }

    private async Task<List<string>> ReadSeatIdsAsync(string showId, int capacity, CancellationToken cancellationToken)
    {
        var seatIds = new List<string>(capacity);
        await using var command = DataSource.CreateCommand(Sql(SeatIdsSql));
        command.Parameters.AddWithValue("show_id", showId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            seatIds.Add(reader.GetString(0));
        }

        return seatIds;
    }

    /// <summary>Reads the allocation a request id made, after a concurrent replay won the insert.</summary>
    public async Task<AllocationResult> ReplayAsync(AllocationRequest request, string fingerprint, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(Sql(FindByRequestSql));
        command.Parameters.AddWithValue("show_id", request.ShowId);
        command.Parameters.AddWithValue("request_id", request.RequestId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var earlier = await StoredAllocation.ReadSingleAsync(reader, cancellationToken).ConfigureAwait(false);
        return earlier?.AsReplayOf(fingerprint) ?? AllocationResult.Contended();
    }

    public async Task<AllocationResult> ConfirmAsync(AllocationReference hold, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(hold.AllocationId, out var allocationId))
        {
            return AllocationResult.NotFound();
        }

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                LockTimeoutCommand(),
                LockCapacityCommand(hold.ShowId),
                ReferenceCommand(ConfirmSql, hold, allocationId, now),
                FindByIdCommand(hold.ShowId, allocationId),
            },
        };

        int confirmed, seatsWanted, seatsBooked;
        StoredAllocation? stored;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            (confirmed, seatsWanted, seatsBooked) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            stored = await StoredAllocation.ReadSingleAsync(reader, cancellationToken).ConfigureAwait(false);
        }

        if (confirmed == 1 && seatsBooked == seatsWanted)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return AllocationResult.Allocated(stored!.AsBooking);
        }

        // Nothing to confirm, or the hold's seats were taken over after it expired by another
        // server's clock: change nothing and say why.
        await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.Kind != "hold" || (hold.UserId is not null && hold.UserId != stored.UserId))
        {
            return AllocationResult.NotFound();
        }

        return stored.State switch
        {
            "booked" => AllocationResult.Allocated(stored.AsBooking, isReplay: true),
            "expired" or "held" => AllocationResult.HoldExpired(),
            _ => AllocationResult.NotFound(),
        };
    }

    public async Task<ReleaseStatus> ReleaseAsync(AllocationReference reference, AllocationKind kind, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(reference.AllocationId, out var allocationId))
        {
            return ReleaseStatus.NotFound;
        }

        var (live, final) = kind == AllocationKind.Hold ? ("held", "released") : ("booked", "cancelled");
        var release = ReferenceCommand(ReleaseSql, reference, allocationId, now);
        release.Parameters.Add(new("live_state", live));
        release.Parameters.Add(new("final_state", final));

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands = { LockTimeoutCommand(), LockCapacityCommand(reference.ShowId), release, FindByIdCommand(reference.ShowId, allocationId) },
        };

        int released;
        StoredAllocation? stored;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            released = reader.GetInt32(0);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            stored = await StoredAllocation.ReadSingleAsync(reader, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (released == 1)
        {
            return ReleaseStatus.Released;
        }

        if (stored is null || (reference.UserId is not null && reference.UserId != stored.UserId))
        {
            return ReleaseStatus.NotFound;
        }

        return stored.State switch
        {
            _ when stored.State == final => ReleaseStatus.Released,
            "expired" or "held" when kind == AllocationKind.Hold => ReleaseStatus.HoldExpired,
            _ => ReleaseStatus.NotFound,
        };
    }

    private NpgsqlBatchCommand FindByIdCommand(string showId, Guid allocationId) =>
        new(Sql(FindByIdSql)) { Parameters = { new("show_id", showId), new("allocation_id", allocationId) } };

    private NpgsqlBatchCommand ReferenceCommand(string template, AllocationReference reference, Guid allocationId, DateTimeOffset now) => new(Sql(template))
    {
        Parameters =
        {
            new("show_id", reference.ShowId),
            new("allocation_id", allocationId),
            new("now", now),
            new("user_id", (object?)reference.UserId ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
        },
    };
}
