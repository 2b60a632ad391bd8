using Npgsql;
using NpgsqlTypes;
using SeatAllocation.Postgres.Storage;

namespace SeatAllocation.Postgres.Optimistic;

/// <summary>
/// The SQL of the optimistic strategy's allocations, with the schema put in once: an unlocked read of
/// versions (and of an earlier request with the same id), then writes that apply only if the versions
/// still match.
/// </summary>
internal sealed class OptimisticStatements
{
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

    internal const string FindByRequestSql = "SELECT " + StoredAllocation.Columns + " FROM {schema}.allocations WHERE show_id = @show_id AND request_id = @request_id";

    internal const string TakeSeatsSql = """
        UPDATE {schema}.seats s
        SET holder_id = @allocation_id, held_until = @expires_at, version = s.version + 1
        FROM unnest(@seat_ids::text[], @versions::bigint[]) AS expected (seat_id, version)
        WHERE s.show_id = @show_id AND s.seat_id = expected.seat_id AND s.version = expected.version
        """;

    // Reclaims the show's expired holds and takes the requested units, only if the show's version is
    // still the one read. No row back: the version moved on (or capacity ran out meanwhile).
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
          AND version = @expected_version
        RETURNING allocated
        """;

    internal const string InsertSql = """
        INSERT INTO {schema}.allocations (show_id, allocation_id, request_id, fingerprint, user_id, kind, state, seat_ids, quantity, expires_at, created_at)
        VALUES (@show_id, @allocation_id, @request_id, @fingerprint, @user_id, @kind, @state, @seat_ids, @quantity, @expires_at, @now)
        """;

    private readonly string _readSeats;
    private readonly string _readFreeSeats;
    private readonly string _readCapacity;
    private readonly string _findByRequest;
    private readonly string _takeSeats;
    private readonly string _takeCapacity;
    private readonly string _insert;

    public OptimisticStatements(PostgresAllocationStore store)
    {
        _readSeats = store.Sql(ReadSeatsSql);
        _readFreeSeats = store.Sql(ReadFreeSeatsSql);
        _readCapacity = store.Sql(ReadCapacitySql);
        _findByRequest = store.Sql(FindByRequestSql);
        _takeSeats = store.Sql(TakeSeatsSql);
        _takeCapacity = store.Sql(TakeCapacitySql);
        _insert = store.Sql(InsertSql);
    }

    /// <summary>The versions of what the request needs: the named seats, free seats to pick from, or the show's counters.</summary>
    public NpgsqlBatchCommand Read(ShowShape shape, AllocationRequest request, DateTimeOffset now) =>
        new(!shape.Seated ? _readCapacity : request.IsForSpecificSeats ? _readSeats : _readFreeSeats)
        {
            Parameters =
            {
                new("show_id", request.ShowId),
                new("now", now),
                new("seat_ids", request.SeatIds.ToArray()),
                new("candidates", Math.Min(request.Quantity * 4L, AllocationLimits.MaxCapacity) + 16),
            },
        };

    public NpgsqlBatchCommand FindByRequest(AllocationRequest request) =>
        new(_findByRequest) { Parameters = { new("show_id", request.ShowId), new("request_id", request.RequestId) } };

    /// <summary>Takes the seats, each only at the version read; <paramref name="seats"/> are in seat-id order.</summary>
    public NpgsqlBatchCommand TakeSeats(NewAllocation allocation, IReadOnlyList<(string SeatId, long Version)> seats) => new(_takeSeats)
    {
        Parameters =
        {
            new("show_id", allocation.Request.ShowId),
            new("allocation_id", allocation.Command.AllocationId),
            new("expires_at", NpgsqlDbType.TimestampTz) { Value = (object?)allocation.ExpiresAt ?? DBNull.Value },
            new("seat_ids", seats.Select(s => s.SeatId).ToArray()),
            new("versions", seats.Select(s => s.Version).ToArray()),
        },
    };

    /// <summary>Takes general-admission units, reclaiming expired holds first, only if the show's version is still <paramref name="expectedVersion"/>.</summary>
    public NpgsqlBatchCommand TakeCapacity(NewAllocation allocation, long expectedVersion) => new(_takeCapacity)
    {
        Parameters =
        {
            new("show_id", allocation.Request.ShowId),
            new("now", allocation.Now),
            new("quantity", allocation.Request.Quantity),
            new("booked_quantity", allocation.IsHold ? 0 : allocation.Request.Quantity),
            new("expected_version", expectedVersion),
        },
    };

    public NpgsqlBatchCommand Insert(NewAllocation allocation) => new(_insert)
    {
        Parameters =
        {
            new("show_id", allocation.Request.ShowId),
            new("allocation_id", allocation.Command.AllocationId),
            new("request_id", allocation.Request.RequestId),
            new("fingerprint", allocation.Command.Fingerprint!),
            new("user_id", allocation.Request.UserId),
            new("kind", StoredEnums.ToColumn(allocation.IsHold ? AllocationKind.Hold : AllocationKind.Booking)),
            new("state", StoredEnums.ToColumn(allocation.IsHold ? AllocationState.Held : AllocationState.Booked)),
            new("seat_ids", allocation.SeatIds.ToArray()),
            new("quantity", allocation.Request.Quantity),
            new("expires_at", NpgsqlDbType.TimestampTz) { Value = (object?)allocation.ExpiresAt ?? DBNull.Value },
            new("now", allocation.Now),
        },
    };
}
