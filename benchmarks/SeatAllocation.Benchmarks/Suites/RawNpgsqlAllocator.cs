using Npgsql;
using SeatAllocation.Postgres;

namespace SeatAllocation.Benchmarks.Suites;

/// <summary>
/// The baseline: the same work as the strategies — take the seats, record the allocation, all or
/// nothing — in the fewest round trips raw Npgsql allows: one autocommitted statement each. It skips
/// what the library adds for safety (the idempotent-replay lookup, lock timeouts, explicit
/// transactions); the difference is the price of those.
/// </summary>
/// <remarks>
/// All or nothing without an explicit transaction: the statement locks the requested seats that are
/// free and takes them only when that is all of them, and inserts the allocation in the same breath.
/// </remarks>
internal sealed class RawNpgsqlAllocator(NpgsqlDataSource dataSource)
{
    private const string Schema = PostgresSchemaMigrator.DefaultSchema;

    private const string TakeSeatsSql = $"""
        WITH free AS MATERIALIZED (
            SELECT seat_id FROM {Schema}.seats
            WHERE show_id = @show_id AND seat_id = ANY (@seat_ids) AND (holder_id IS NULL OR held_until <= @now)
            ORDER BY seat_id
            FOR UPDATE),
        all_free AS (
            SELECT count(*) = cardinality(@seat_ids) AS ok FROM free),
        taken AS (
            UPDATE {Schema}.seats SET holder_id = @id, held_until = @expires_at, version = version + 1
            WHERE show_id = @show_id AND seat_id IN (SELECT seat_id FROM free) AND (SELECT ok FROM all_free))
        INSERT INTO {Schema}.allocations (show_id, allocation_id, request_id, fingerprint, user_id, kind, state, seat_ids, quantity, expires_at, created_at)
        SELECT @show_id, @id, @request_id, @fingerprint, @user_id, @kind, @state, @seat_ids, cardinality(@seat_ids), @expires_at, @now
        WHERE (SELECT ok FROM all_free)
        """;

    private const string TakeCapacitySql = $"""
        WITH taken AS (
            UPDATE {Schema}.shows SET allocated = allocated + @quantity, booked = booked + @quantity, version = version + 1
            WHERE show_id = @show_id AND allocated + @quantity <= capacity
            RETURNING 1)
        INSERT INTO {Schema}.allocations (show_id, allocation_id, request_id, fingerprint, user_id, kind, state, seat_ids, quantity, expires_at, created_at)
        SELECT @show_id, @id, @request_id, @fingerprint, @user_id, 'booking', 'booked', ARRAY[]::text[], @quantity, NULL, @now
        WHERE EXISTS (SELECT 1 FROM taken)
        """;

    private const string ConfirmSql = $"""
        WITH confirmed AS (
            UPDATE {Schema}.allocations SET state = 'booked'
            WHERE show_id = @show_id AND allocation_id = @id AND state = 'held' AND expires_at > @now
            RETURNING seat_ids)
        UPDATE {Schema}.seats SET held_until = NULL, version = version + 1
        WHERE show_id = @show_id AND seat_id = ANY ((SELECT seat_ids FROM confirmed)::text[]) AND holder_id = @id
        """;

    private const string CancelSql = $"""
        WITH cancelled AS (
            UPDATE {Schema}.allocations SET state = 'cancelled'
            WHERE show_id = @show_id AND allocation_id = @id AND state = 'booked'
            RETURNING seat_ids)
        UPDATE {Schema}.seats SET holder_id = NULL, held_until = NULL, version = version + 1
        WHERE show_id = @show_id AND seat_id = ANY ((SELECT seat_ids FROM cancelled)::text[]) AND holder_id = @id
        """;

    /// <summary>Holds (<paramref name="holdFor"/> set) or books named seats.</summary>
    public async Task TakeSeatsAsync(string showId, string requestId, string userId, string[] seatIds, TimeSpan? holdFor)
    {
        var now = DateTimeOffset.UtcNow;
        await using var command = dataSource.CreateCommand(TakeSeatsSql);
        command.Parameters.AddWithValue("id", Guid.NewGuid());
        command.Parameters.AddWithValue("show_id", showId);
        command.Parameters.AddWithValue("request_id", requestId);
        command.Parameters.AddWithValue("fingerprint", (holdFor is null ? "book;" : "hold;") + requestId);
        command.Parameters.AddWithValue("user_id", userId);
        command.Parameters.AddWithValue("kind", holdFor is null ? "booking" : "hold");
        command.Parameters.AddWithValue("state", holdFor is null ? "booked" : "held");
        command.Parameters.AddWithValue("seat_ids", seatIds);
        command.Parameters.Add(new NpgsqlParameter("expires_at", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = holdFor is { } d ? now + d : DBNull.Value });
        command.Parameters.AddWithValue("now", now);
        Expect(await command.ExecuteNonQueryAsync().ConfigureAwait(false), "take seats");
    }

    /// <summary>Books <paramref name="quantity"/> units of a general-admission show.</summary>
    public async Task TakeCapacityAsync(string showId, string requestId, string userId, int quantity)
    {
        await using var command = dataSource.CreateCommand(TakeCapacitySql);
        command.Parameters.AddWithValue("id", Guid.NewGuid());
        command.Parameters.AddWithValue("show_id", showId);
        command.Parameters.AddWithValue("request_id", requestId);
        command.Parameters.AddWithValue("fingerprint", "book;" + requestId);
        command.Parameters.AddWithValue("user_id", userId);
        command.Parameters.AddWithValue("quantity", quantity);
        command.Parameters.AddWithValue("now", DateTimeOffset.UtcNow);
        Expect(await command.ExecuteNonQueryAsync().ConfigureAwait(false), "take capacity");
    }

    public Task ConfirmAsync(string showId, string allocationId) => ChangeAsync(ConfirmSql, showId, allocationId, "confirm");

    public Task CancelAsync(string showId, string allocationId) => ChangeAsync(CancelSql, showId, allocationId, "cancel");

    private async Task ChangeAsync(string sql, string showId, string allocationId, string what)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("show_id", showId);
        command.Parameters.AddWithValue("id", Guid.Parse(allocationId));
        command.Parameters.AddWithValue("now", DateTimeOffset.UtcNow);
        Expect(await command.ExecuteNonQueryAsync().ConfigureAwait(false), what);
    }

    // The baseline must do the real work every time; a silent no-op would flatter it.
    private static void Expect(int rows, string what)
    {
        if (rows < 1)
        {
            throw new InvalidOperationException($"Raw Npgsql baseline: {what} changed no row.");
        }
    }
}
