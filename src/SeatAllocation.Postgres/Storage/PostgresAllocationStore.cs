using System.Collections.Concurrent;
using System.Data;
using Npgsql;

namespace SeatAllocation.Postgres.Storage;

/// <summary>
/// The SQL of shows: creating one (with its seat map), its shape, its availability and a snapshot of it. Allocating,
/// confirming, releasing and cancelling live in the <c>apply_batch</c> function (migration 5); the
/// optimistic strategy's own reads and writes live in <see cref="OptimisticAllocationStrategy"/>.
/// </summary>
/// <remarks>
/// Lock order, the same for every writer so transactions never deadlock: the show row
/// (<see cref="LockShowSql"/>), then allocation rows, then seat rows.
/// </remarks>
internal sealed class PostgresAllocationStore
{
    // ON CONFLICT without a target: a taken show id and a taken request id (shows_request_once) both
    // insert nothing. A creation racing one with the same id waits for it to commit, then does nothing.
    // The seats come as one array a column (SeatMapColumns). A show without a map sends empty map
    // arrays: unnest pads them with NULL, and no place is inserted.
    internal const string CreateShowSql = """
        WITH created AS (
            INSERT INTO {schema}.shows (show_id, seated, capacity, request_id, fingerprint, seat_map, max_seats_per_user, max_hold_lifetime_ms)
            VALUES (@show_id, @seated, @capacity, @request_id, @fingerprint, @seat_map, @max_seats_per_user, @max_hold_lifetime_ms)
            ON CONFLICT DO NOTHING
            RETURNING show_id),
        seats AS (
            INSERT INTO {schema}.seats (show_id, seat_id)
            SELECT created.show_id, seat_id FROM created, unnest(@seat_ids::text[]) AS seat_id),
        places AS (
            INSERT INTO {schema}.seat_places (show_id, seat_id, section, seat_row, position, category, accessible, rank, row_order)
            SELECT created.show_id, p.seat_id, p.section, p.seat_row, p.position, p.category, p.accessible, p.rank, p.row_order
            FROM created, unnest(@seat_ids::text[], @sections::text[], @rows::text[], @positions::int[], @categories::text[],
                @accessible::boolean[], @ranks::int[], @row_orders::int[])
                AS p (seat_id, section, seat_row, position, category, accessible, rank, row_order)
            WHERE p.section IS NOT NULL)
        SELECT count(*) AS created FROM created
        """;

    // A separate statement from CreateShowSql on purpose: a show committed by a racing creation while
    // that statement waited is not in its snapshot, but is in this one's.
    internal const string ShowRequestSql = "SELECT fingerprint FROM {schema}.shows WHERE request_id = @request_id";

    internal const string ShapeSql = "SELECT seated, capacity, max_seats_per_user FROM {schema}.shows WHERE show_id = @show_id";

    // Whether a new show's seats outgrow what the statistics believe the seats table holds, by
    // autovacuum's own measure (autovacuum_analyze_threshold 50 + scale factor 0.1 of the rows: it
    // would analyze the table at its next round anyway, up to a minute later). A connection keeps
    // apply_batch's plans, and the statements it prepared, until the statistics change; made while
    // seats was analyzed at one page, they read a batch's named seats by scanning the table (or the
    // show's whole key range) once the show went on sale: 400 to 800 ms a batch of a 50,000-seat show,
    // about 450 requests in a benchmark's first 6 seconds instead of 14,000 a second. ANALYZE now makes
    // every connection plan again on the table as it is
    // (QueryPlanTests.Seated_batches_read_only_their_seats_on_a_show_created_after_plans_were_made_on_a_small_analyzed_table).
    // Its sample is at most 30,000 rows, and it runs only while the table is at most about ten shows
    // of this size. A role that does not own the table gets a warning from ANALYZE, not an error.
    internal const string SeatStatisticsOutgrownSql =
        "SELECT @seats >= 50 + 0.1 * greatest(reltuples, 0) FROM pg_class WHERE oid = '{schema}.seats'::regclass";

    internal const string AnalyzeSeatsSql = "ANALYZE {schema}.seats, {schema}.seat_places";

    // A show's counts as GetAvailabilityAsync and ListShowsAsync read them: expired holds count as free.
    private const string AvailabilityColumns = """
        sh.show_id, sh.seated, sh.capacity,
            CASE WHEN sh.seated
                THEN (SELECT count(*) FROM {schema}.seats st WHERE st.show_id = sh.show_id AND st.held_until > @now)
                ELSE (SELECT coalesce(sum(a.quantity), 0) FROM {schema}.allocations a WHERE a.show_id = sh.show_id AND a.state = 'held' AND a.expires_at > @now)
            END::int AS held,
            CASE WHEN sh.seated
                THEN (SELECT count(*) FROM {schema}.seats st WHERE st.show_id = sh.show_id AND st.holder_id IS NOT NULL AND st.held_until IS NULL)::int
                ELSE sh.booked
            END AS booked
        """;

    // For one show, and only for a show with a map (the lateral subquery's filter on sh.seat_map stops
    // it before it reads a table otherwise), its seats counted by (category, section): free ones as
    // map_seats (migration 5) counts them. One statement, so the groups add up to the show's counts.
    internal const string AvailabilitySql = "SELECT " + AvailabilityColumns + """
        , grouped.categories AS group_categories, grouped.sections AS group_sections, grouped.capacities AS group_capacities, grouped.available AS group_available
        FROM {schema}.shows sh
        LEFT JOIN LATERAL (
            SELECT array_agg(g.category) AS categories, array_agg(g.section) AS sections, array_agg(g.capacity) AS capacities, array_agg(g.available) AS available
            FROM (
                SELECT p.category, p.section, count(*)::int AS capacity,
                    (count(*) FILTER (WHERE st.holder_id IS NULL OR st.held_until <= @now))::int AS available
                FROM {schema}.seat_places p
                JOIN {schema}.seats st ON st.show_id = p.show_id AND st.seat_id = p.seat_id
                WHERE sh.seat_map AND p.show_id = sh.show_id
                GROUP BY p.category, p.section) g
            HAVING count(*) > 0) grouped ON true
        WHERE sh.show_id = @show_id
        """;

    // Keyset paging in the primary key's order; one more row than asked says whether a page follows.
    internal const string ListShowsSql = "SELECT " + AvailabilityColumns + """
         FROM {schema}.shows sh
        WHERE sh.show_id > @after
        ORDER BY sh.show_id
        LIMIT @limit_plus_one
        """;

    // One statement, so the show row and its allocations come from one MVCC snapshot. The request ids
    // of released, expired and cancelled allocations come too: replays of them must still be recognised.
    internal const string SnapshotSql = """
        SELECT sh.seated, sh.capacity, sh.seat_map, sh.max_seats_per_user, a.request_id, a.allocation_id, a.show_id, a.fingerprint, a.user_id, a.kind, a.state, a.seat_ids, a.quantity, a.expires_at, a.together
        FROM {schema}.shows sh
        LEFT JOIN {schema}.allocations a ON a.show_id = sh.show_id
        WHERE sh.show_id = @show_id
        """;

    // A show's seats never change after it is created, so this need not share the snapshot above.
    internal const string SeatIdsSql = "SELECT seat_id FROM {schema}.seats WHERE show_id = @show_id ORDER BY seat_id";

    // A map's seats in the map's order (rows as they first appear, then positions), for a snapshot:
    // what the Redis admission gate chooses best-available seats from.
    internal const string SeatPlacesSql = "SELECT p.seat_id, " + SeatPlaceReader.Columns + """
         FROM {schema}.seat_places p
        WHERE p.show_id = @show_id
        ORDER BY p.row_order, p.position
        """;

    // Every seat of a show with its state: one row of NULLs for a general-admission show, none for an
    // unknown one. Map seats in the map's order; plain seat ids in ordinal order (COLLATE "C", as
    // InMemoryAllocationStrategy orders them, whatever the database's collation).
    internal const string SeatsSql = "SELECT st.seat_id, st.holder_id IS NOT NULL AND st.held_until IS NULL AS booked, st.held_until > @now AS held, "
        + SeatPlaceReader.Columns + """
         FROM {schema}.shows sh
        LEFT JOIN {schema}.seats st ON st.show_id = sh.show_id
        LEFT JOIN {schema}.seat_places p ON p.show_id = sh.show_id AND p.seat_id = st.seat_id
        WHERE sh.show_id = @show_id
        ORDER BY p.row_order, p.position, st.seat_id COLLATE "C"
        """;

    // The seats of a show that are free as of @now (no holder, or a hold that has expired), as apply_batch
    // sees them: what SeatProposals chooses from once it knows the show's map.
    internal const string FreeSeatIdsSql = "SELECT seat_id FROM {schema}.seats WHERE show_id = @show_id AND (holder_id IS NULL OR held_until <= @now)";

    // Taken first by every writer of a show (apply_batch, the sweeper, the optimistic strategy's
    // general-admission write). FOR NO KEY UPDATE: the weakest lock that puts the show's writers in
    // turn, as none changes the key (migration 6 forbids it), and it lets foreign-key checks of rows
    // that reference the show through (seats; allocations have no such key since migration 6).
    internal const string LockShowSql = "SELECT 1 FROM {schema}.shows WHERE show_id = @show_id FOR NO KEY UPDATE";

    private const int MaxCachedShapes = 10_000;

    private readonly ConcurrentDictionary<string, ShowShape> _shapes = new(StringComparer.Ordinal);
    private readonly string _createShowSql;
    private readonly string _showRequestSql;
    private readonly string _shapeSql;
    private readonly string _seatStatisticsOutgrownSql;
    private readonly string _analyzeSeatsSql;
    private readonly string _availabilitySql;
    private readonly string _listShowsSql;
    private readonly string _snapshotSql;
    private readonly string _seatIdsSql;
    private readonly string _seatPlacesSql;
    private readonly string _seatsSql;
    private readonly string _freeSeatIdsSql;
    private readonly string _lockShowSql;
    private readonly string _lockTimeout;
    private readonly bool _prepare;

    public PostgresAllocationStore(NpgsqlDataSource dataSource, PostgresAllocationOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        DataSource = dataSource;
        Schema = options.Validated().Schema;
        _createShowSql = Sql(CreateShowSql);
        _showRequestSql = Sql(ShowRequestSql);
        _shapeSql = Sql(ShapeSql);
        _seatStatisticsOutgrownSql = Sql(SeatStatisticsOutgrownSql);
        _analyzeSeatsSql = Sql(AnalyzeSeatsSql);
        _availabilitySql = Sql(AvailabilitySql);
        _listShowsSql = Sql(ListShowsSql);
        _snapshotSql = Sql(SnapshotSql);
        _seatIdsSql = Sql(SeatIdsSql);
        _seatPlacesSql = Sql(SeatPlacesSql);
        _seatsSql = Sql(SeatsSql);
        _freeSeatIdsSql = Sql(FreeSeatIdsSql);
        _lockShowSql = Sql(LockShowSql);
        _lockTimeout = $"{Math.Max(1, (long)options.LockTimeout.TotalMilliseconds)}ms";
        _prepare = options.PrepareStatements;
    }

    public NpgsqlDataSource DataSource { get; }

    public string Schema { get; }

    /// <summary>The configured lock timeout as a <c>lock_timeout</c> setting, such as <c>2000ms</c>.</summary>
    public string LockTimeout => _lockTimeout;

    /// <summary>Puts the configured schema into a SQL template; call it once per statement, when the owner is built.</summary>
    public string Sql(string template) => template.Replace("{schema}", Schema, StringComparison.Ordinal);

    /// <summary>
    /// Runs one of the library's statements on a pooled connection, prepared when
    /// <see cref="PostgresAllocationOptions.PrepareStatements"/> is on; disposing the reader returns the connection.
    /// </summary>
    public async Task<NpgsqlDataReader> ExecuteReaderAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            command.Connection = connection;
            return await PrepareAndExecuteReaderAsync(command, CommandBehavior.CloseConnection, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Prepares a batch of the library's statements on its open connection when
    /// <see cref="PostgresAllocationOptions.PrepareStatements"/> is on. Npgsql sends only what this
    /// physical connection has not prepared yet, so after the first call it costs no round trip.
    /// </summary>
    public Task PrepareAsync(NpgsqlBatch batch, CancellationToken cancellationToken) =>
        _prepare ? batch.PrepareAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Bounds every lock wait of the current transaction by the configured lock timeout.</summary>
    public NpgsqlBatchCommand LockTimeoutCommand() =>
        new("SELECT set_config('lock_timeout', @lock_timeout, true)") { Parameters = { new("lock_timeout", _lockTimeout) } };

    public NpgsqlBatchCommand LockShowCommand(string showId) =>
        new(_lockShowSql) { Parameters = { new("show_id", showId) } };

    /// <summary>Reads the ids of a show's free seats (see <see cref="FreeSeatIdsSql"/>) as one command of a batch.</summary>
    public NpgsqlBatchCommand FreeSeatIdsCommand(string showId, DateTimeOffset now) =>
        new(_freeSeatIdsSql) { Parameters = { new("show_id", showId), new("now", now) } };

    /// <summary>
    /// Runs one of the library's statements on <paramref name="connection"/> in <paramref name="transaction"/>
    /// (or on its own, when <see langword="null"/>), both the caller's, prepared as
    /// <see cref="ExecuteReaderAsync(NpgsqlCommand, CancellationToken)"/> prepares.
    /// </summary>
    public async Task<NpgsqlDataReader> ExecuteReaderAsync(NpgsqlCommand command, NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        command.Connection = connection;
        command.Transaction = transaction;
        return await PrepareAndExecuteReaderAsync(command, CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one of the library's statements on <paramref name="connection"/>, or on a pooled connection when <see langword="null"/>.</summary>
    private Task<NpgsqlDataReader> ExecuteReaderAsync(NpgsqlCommand command, NpgsqlConnection? connection, CancellationToken cancellationToken) =>
        connection is null ? ExecuteReaderAsync(command, cancellationToken) : ExecuteReaderAsync(command, connection, transaction: null, cancellationToken);

    private async Task<NpgsqlDataReader> PrepareAndExecuteReaderAsync(NpgsqlCommand command, CommandBehavior behavior, CancellationToken cancellationToken)
    {
        if (_prepare)
        {
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }

        return await command.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ShowShape?> GetShapeAsync(string showId, CancellationToken cancellationToken)
    {
        if (_shapes.TryGetValue(showId, out var cached))
        {
            return cached;
        }

        await using var command = new NpgsqlCommand(_shapeSql);
        command.Parameters.AddWithValue("show_id", showId);
        await using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        if (_shapes.Count >= MaxCachedShapes)
        {
            _shapes.Clear();
        }

        var maxSeatsPerUser = reader.GetOrdinal("max_seats_per_user");
        return _shapes[showId] = new ShowShape(
            reader.GetBoolean(reader.GetOrdinal("seated")),
            reader.GetInt32(reader.GetOrdinal("capacity")),
            reader.IsDBNull(maxSeatsPerUser) ? null : reader.GetInt32(maxSeatsPerUser));
    }

    public async Task<CreateShowResult> CreateShowAsync(ShowDefinition show, CancellationToken cancellationToken)
    {
        string? fingerprint = show.RequestId is null ? null : show.Fingerprint;
        await using (var command = new NpgsqlCommand(_createShowSql))
        {
            command.Parameters.AddWithValue("show_id", show.ShowId);
            command.Parameters.AddWithValue("seated", show.IsSeated);
            command.Parameters.AddWithValue("capacity", show.Capacity);
            command.Parameters.Add(new NpgsqlParameter<string?>("request_id", show.RequestId) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string?>("fingerprint", fingerprint) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<int?>("max_seats_per_user", show.MaxSeatsPerUser) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
            // The cap in force, stored as such: a show created without one keeps today's default.
            command.Parameters.AddWithValue("max_hold_lifetime_ms", (int)(show.MaxHoldLifetime ?? AllocationLimits.MaxHoldDuration).TotalMilliseconds);
            var seats = SeatMapColumns.Of(show);
            command.Parameters.AddWithValue("seat_map", show.HasSeatMap);
            command.Parameters.AddWithValue("seat_ids", seats.SeatIds);
            command.Parameters.AddWithValue("sections", seats.Sections);
            command.Parameters.AddWithValue("rows", seats.Rows);
            command.Parameters.AddWithValue("positions", seats.Positions);
            command.Parameters.Add(new NpgsqlParameter<string?[]>("categories", seats.Categories) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.AddWithValue("accessible", seats.Accessible);
            command.Parameters.AddWithValue("ranks", seats.Ranks);
            command.Parameters.AddWithValue("row_orders", seats.RowOrders);
            bool created;
            await using (var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                created = reader.GetInt64(reader.GetOrdinal("created")) == 1;
            }

            if (created)
            {
                if (show.IsSeated)
                {
                    await AnalyzeSeatsIfOutgrownAsync(seats.SeatIds.Length, cancellationToken).ConfigureAwait(false);
                }

                return CreateShowResult.Created;
            }
        }

        if (show.RequestId is null)
        {
            return CreateShowResult.AlreadyExists;
        }

        // Nothing was inserted: the request id decides when it created a show (this one or another),
        // otherwise the show id was taken by a different request.
        await using var lookup = new NpgsqlCommand(_showRequestSql);
        lookup.Parameters.AddWithValue("request_id", show.RequestId);
        await using var found = await ExecuteReaderAsync(lookup, cancellationToken).ConfigureAwait(false);
        if (!await found.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return CreateShowResult.AlreadyExists;
        }

        return found.GetString(0) == fingerprint ? CreateShowResult.Replayed : CreateShowResult.IdempotencyKeyReused;
    }

    /// <summary>Analyzes the seat tables when a new show's seats outgrow their statistics (see <see cref="SeatStatisticsOutgrownSql"/>).</summary>
    private async Task AnalyzeSeatsIfOutgrownAsync(int seats, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var outgrown = new NpgsqlCommand(_seatStatisticsOutgrownSql, connection) { Parameters = { new("seats", seats) } };
        if ((bool)(await outgrown.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
        {
            await using var analyze = new NpgsqlCommand(_analyzeSeatsSql, connection);
            await analyze.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<ShowAvailability?> GetAvailabilityAsync(string showId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_availabilitySql);
        command.Parameters.AddWithValue("show_id", showId);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var availability = new AvailabilityReader(reader).Read();
        return SeatGroupColumns.Read(reader) is var (categories, sections) ? availability with { Categories = categories, Sections = sections } : availability;
    }

    /// <summary>Every seat of a show and its state (see <see cref="SeatsSql"/>); <see langword="null"/> for an unknown show.</summary>
    public Task<IReadOnlyList<SeatState>?> GetSeatsAsync(string showId, DateTimeOffset now, CancellationToken cancellationToken) =>
        GetSeatsAsync(showId, now, connection: null, cancellationToken);

    /// <summary>
    /// As <see cref="GetSeatsAsync(string, DateTimeOffset, CancellationToken)"/>, on <paramref name="connection"/>
    /// (a show queue's kept one), or on a pooled connection when <see langword="null"/>.
    /// </summary>
    public async Task<IReadOnlyList<SeatState>?> GetSeatsAsync(string showId, DateTimeOffset now, NpgsqlConnection? connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_seatsSql);
        command.Parameters.AddWithValue("show_id", showId);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await ExecuteReaderAsync(command, connection, cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var places = new SeatPlaceReader(reader);
        var (seatId, booked, held) = (reader.GetOrdinal("seat_id"), reader.GetOrdinal("booked"), reader.GetOrdinal("held"));
        var seats = new List<SeatState>();
        do
        {
            // A general-admission show's one row has no seat.
            if (!reader.IsDBNull(seatId))
            {
                var status = reader.GetBoolean(booked) ? SeatStatus.Booked : !reader.IsDBNull(held) && reader.GetBoolean(held) ? SeatStatus.Held : SeatStatus.Free;
                seats.Add(new SeatState(reader.GetString(seatId), status, places.Read()));
            }
        }
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false));

        return seats;
    }

    /// <summary>
    /// The ids of a show's free seats (see <see cref="FreeSeatIdsSql"/>), read on <paramref name="connection"/>
    /// (a show queue's kept one); empty for an unknown show.
    /// </summary>
    public async Task<HashSet<string>> GetFreeSeatIdsAsync(string showId, DateTimeOffset now, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_freeSeatIdsSql);
        command.Parameters.AddWithValue("show_id", showId);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await ExecuteReaderAsync(command, connection, transaction: null, cancellationToken).ConfigureAwait(false);
        return await ReadFreeSeatIdsAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the rows of <see cref="FreeSeatIdsSql"/> from <paramref name="reader"/>'s current result.</summary>
    public static async Task<HashSet<string>> ReadFreeSeatIdsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var free = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            free.Add(reader.GetString(0));
        }

        return free;
    }

    public async Task<ShowPage> ListShowsAsync(int limit, string? after, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_listShowsSql);
        command.Parameters.AddWithValue("after", after ?? string.Empty); // every id sorts after ''
        command.Parameters.AddWithValue("limit_plus_one", limit + 1);
        command.Parameters.AddWithValue("now", now);
        var shows = new List<ShowAvailability>(limit + 1);
        await using (var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false))
        {
            var columns = new AvailabilityReader(reader);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                shows.Add(columns.Read());
            }
        }

        return ShowPage.FromLookahead(shows, limit);
    }

    public async Task<ShowSnapshot?> GetSnapshotAsync(string showId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var allocations = await ReadAllocationsAsync(showId, now, cancellationToken).ConfigureAwait(false);
        if (allocations is not var (seated, capacity, seatMap, maxSeatsPerUser, live, requests))
        {
            return null;
        }

        var seatIds = seated ? await ReadSeatIdsAsync(showId, capacity, cancellationToken).ConfigureAwait(false) : [];
        var map = seatMap ? await ReadSeatMapAsync(showId, capacity, cancellationToken).ConfigureAwait(false) : [];
        return new ShowSnapshot(showId, seated, capacity, now, live, requests, seatIds) { SeatMap = map, MaxSeatsPerUser = maxSeatsPerUser };
    }

    // Each reader is disposed exactly once, by its own scope: Npgsql reuses a connection's reader
    // object, so disposing one twice can close the next command's reader on that pooled connection.
    private async Task<(bool Seated, int Capacity, bool SeatMap, int? MaxSeatsPerUser, List<Allocation> Live, Dictionary<string, string> Requests)?> ReadAllocationsAsync(string showId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_snapshotSql);
        command.Parameters.AddWithValue("show_id", showId);
        await using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var (seated, capacity) = (reader.GetBoolean(reader.GetOrdinal("seated")), reader.GetInt32(reader.GetOrdinal("capacity")));
        var seatMap = reader.GetBoolean(reader.GetOrdinal("seat_map"));
        var limit = reader.GetOrdinal("max_seats_per_user");
        int? maxSeatsPerUser = reader.IsDBNull(limit) ? null : reader.GetInt32(limit);
        var requestId = reader.GetOrdinal("request_id");
        var rows = new StoredAllocation.ColumnReader(reader);
        var live = new List<Allocation>();
        var requests = new Dictionary<string, string>(StringComparer.Ordinal);
        while (rows.HasAllocation)
        {
            var stored = rows.Read();
            requests[reader.GetString(requestId)] = stored.Original.Id;
            if (stored.IsLiveAt(now))
            {
                live.Add(stored.Original);
            }

            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        return (seated, capacity, seatMap, maxSeatsPerUser, live, requests);
    }

    private async Task<List<string>> ReadSeatIdsAsync(string showId, int capacity, CancellationToken cancellationToken)
    {
        var seatIds = new List<string>(capacity);
        await using var command = new NpgsqlCommand(_seatIdsSql);
        command.Parameters.AddWithValue("show_id", showId);
        await using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            seatIds.Add(reader.GetString(0));
        }

        return seatIds;
    }

    private async Task<List<SeatMapSeat>> ReadSeatMapAsync(string showId, int capacity, CancellationToken cancellationToken)
    {
        var seats = new List<SeatMapSeat>(capacity);
        await using var command = new NpgsqlCommand(_seatPlacesSql);
        command.Parameters.AddWithValue("show_id", showId);
        await using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        var places = new SeatPlaceReader(reader);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            seats.Add(places.Read()!);
        }

        return seats;
    }

    /// <summary>Reads the rows of <see cref="AvailabilityColumns"/> by name, looking the columns up once.</summary>
    private readonly struct AvailabilityReader(NpgsqlDataReader reader)
    {
        private readonly int _showId = reader.GetOrdinal("show_id");
        private readonly int _seated = reader.GetOrdinal("seated");
        private readonly int _capacity = reader.GetOrdinal("capacity");
        private readonly int _held = reader.GetOrdinal("held");
        private readonly int _booked = reader.GetOrdinal("booked");

        public ShowAvailability Read()
        {
            var (capacity, held, booked) = (reader.GetInt32(_capacity), reader.GetInt32(_held), reader.GetInt32(_booked));
            return new ShowAvailability(reader.GetString(_showId), reader.GetBoolean(_seated), capacity, capacity - held - booked, held, booked);
        }
    }
}
