using Npgsql;
using SeatAllocation.Postgres.Storage;

namespace SeatAllocation.Postgres;

/// <summary>
/// Checks the tables against the invariants with plain SQL, independent of the strategy code that
/// wrote them: a seat in two live allocations, more held + booked than capacity, an allocation that
/// owns only part of its seats, counters that disagree with rows, seats pointing at dead allocations.
/// </summary>
internal sealed class PostgresAllocationVerifier(PostgresAllocationStore store, TimeProvider timeProvider)
{
    private readonly string _verifySql = store.Sql(VerifySql);

    // Live: booked, or held and not yet expired. A hold past its expiry may have lost its seats to
    // other requests, so only live allocations must own theirs.
    private const string VerifySql = """
        WITH shows AS (
            SELECT * FROM {schema}.shows WHERE @show_id::text IS NULL OR show_id = @show_id),
        live AS (
            SELECT a.* FROM {schema}.allocations a JOIN shows USING (show_id)
            WHERE a.state = 'booked' OR (a.state = 'held' AND a.expires_at > @now))
        SELECT show_id, 'DoubleBookedSeat' AS kind, format('seat %s is in %s', seat_id, string_agg(allocation_id::text, ', ')) AS detail
        FROM (SELECT show_id, allocation_id, unnest(seat_ids) AS seat_id FROM live) owned
        GROUP BY show_id, seat_id HAVING count(*) > 1
        UNION ALL
        SELECT shows.show_id, 'OverCapacity', format('%s held or booked, capacity %s', sum(live.quantity), shows.capacity)
        FROM shows JOIN live USING (show_id)
        GROUP BY shows.show_id, shows.capacity HAVING sum(live.quantity) > shows.capacity
        UNION ALL
        SELECT live.show_id, 'PartialAllocation', format('%s %s owns %s of its %s seats (%s), quantity %s',
            live.state, live.allocation_id, owned.seats, cardinality(live.seat_ids), array_to_string(live.seat_ids, ','), live.quantity)
        FROM live JOIN shows USING (show_id)
        CROSS JOIN LATERAL (
            SELECT count(*) AS seats FROM {schema}.seats st
            WHERE st.show_id = live.show_id AND st.seat_id = ANY (live.seat_ids) AND st.holder_id = live.allocation_id
              AND st.held_until IS NOT DISTINCT FROM (CASE WHEN live.state = 'held' THEN live.expires_at END)) owned
        WHERE shows.seated AND (owned.seats <> cardinality(live.seat_ids) OR live.quantity <> cardinality(live.seat_ids))
        UNION ALL
        SELECT st.show_id, 'OrphanedSeat', format('seat %s points at %s, which is %s', st.seat_id, st.holder_id, coalesce(a.state, 'missing'))
        FROM {schema}.seats st JOIN shows USING (show_id)
        LEFT JOIN {schema}.allocations a ON a.show_id = st.show_id AND a.allocation_id = st.holder_id
        WHERE st.holder_id IS NOT NULL AND (a.allocation_id IS NULL OR a.state NOT IN ('held', 'booked') OR NOT st.seat_id = ANY (a.seat_ids))
        UNION ALL
        SELECT shows.show_id, 'CounterMismatch', format('counters say %s allocated / %s booked, allocations say %s / %s',
            shows.allocated, shows.booked, coalesce(sums.allocated, 0), coalesce(sums.booked, 0))
        FROM shows
        LEFT JOIN (
            SELECT show_id, sum(quantity) AS allocated, sum(quantity) FILTER (WHERE state = 'booked') AS booked
            FROM {schema}.allocations JOIN shows USING (show_id) WHERE state IN ('held', 'booked') GROUP BY show_id) sums USING (show_id)
        WHERE NOT shows.seated AND (shows.allocated <> coalesce(sums.allocated, 0) OR shows.booked <> coalesce(sums.booked, 0))
        UNION ALL
        SELECT '', 'ShowsChecked', count(*)::text FROM shows
        """;

    public async Task<VerificationReport> VerifyAsync(string? showId, CancellationToken cancellationToken)
    {
        if (showId is not null)
        {
            AllocationLimits.ThrowIfInvalidId(showId);
        }

        await using var command = new NpgsqlCommand(_verifySql);
        command.Parameters.Add(new NpgsqlParameter("show_id", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)showId ?? DBNull.Value });
        command.Parameters.AddWithValue("now", timeProvider.GetUtcNow());
        var violations = new List<InvariantViolation>();
        var shows = 0;
        await using var reader = await store.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        var (showColumn, kindColumn, detailColumn) = (reader.GetOrdinal("show_id"), reader.GetOrdinal("kind"), reader.GetOrdinal("detail"));
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var kind = reader.GetString(kindColumn);
            if (kind == "ShowsChecked")
            {
                shows = int.Parse(reader.GetString(detailColumn), System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                violations.Add(new InvariantViolation(reader.GetString(showColumn), Enum.Parse<ViolationKind>(kind), reader.GetString(detailColumn)));
            }
        }

        return new VerificationReport(shows, violations);
    }
}
