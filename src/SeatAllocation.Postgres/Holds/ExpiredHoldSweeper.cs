using Npgsql;
using SeatAllocation.Postgres.Storage;

namespace SeatAllocation.Postgres;

/// <summary>
/// Releases expired holds: marks them expired, frees their seats and gives their units back to
/// general-admission counters, in small batches so no sweep holds locks for long.
/// </summary>
/// <remarks>
/// Correctness does not depend on it: every query already treats expired holds as free, and the
/// strategies reclaim them as they go. The sweeper keeps the tables tidy and the counters exact
/// for shows nobody is buying from. Registered as a background service by
/// <see cref="PostgresSeatAllocationBuilder"/> when <see cref="PostgresAllocationOptions.ExpiredHoldSweepInterval"/> is positive.
/// </remarks>
public sealed class ExpiredHoldSweeper
{
    // Show by show, through the index of each show's holds: an index of every show's holds by expiry
    // alone would be the planner's generic-plan choice for apply_batch's lookups of one show's expired
    // holds too, and read every show's (migration 3).
    internal const string ShowsWithExpiredHoldsSql = """
        SELECT sh.show_id FROM {schema}.shows sh
        WHERE EXISTS (
            SELECT 1 FROM {schema}.allocations a
            WHERE a.show_id = sh.show_id AND a.state = 'held' AND a.expires_at <= @now)
        LIMIT 1000
        """;

    internal const string SweepShowSql = """
        WITH expired AS (
            SELECT allocation_id FROM {schema}.allocations
            WHERE show_id = @show_id AND state = 'held' AND expires_at <= @now
            ORDER BY expires_at
            LIMIT @batch_size
            FOR UPDATE SKIP LOCKED),
        swept AS (
            UPDATE {schema}.allocations a
            SET state = 'expired'
            FROM expired
            WHERE a.show_id = @show_id AND a.allocation_id = expired.allocation_id
            RETURNING a.allocation_id, a.seat_ids, a.quantity),
        freed_seats AS (
            UPDATE {schema}.seats st
            SET holder_id = NULL, held_until = NULL, version = st.version + 1
            FROM (SELECT allocation_id, unnest(seat_ids) AS seat_id FROM swept) s
            WHERE st.show_id = @show_id AND st.seat_id = s.seat_id AND st.holder_id = s.allocation_id),
        counters AS (
            UPDATE {schema}.shows
            SET allocated = allocated - (SELECT sum(quantity) FROM swept), version = version + 1
            WHERE show_id = @show_id AND NOT seated AND EXISTS (SELECT 1 FROM swept))
        SELECT count(*)::int AS swept FROM swept
        """;

    private readonly PostgresAllocationStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly int _batchSize;
    private readonly string _showsWithExpiredHoldsSql;
    private readonly string _sweepShowSql;

    /// <summary>Creates a sweeper for the tables in the configured schema.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">Schema, lock and batch settings; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock that decides when holds expire; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ExpiredHoldSweeper(NpgsqlDataSource dataSource, PostgresAllocationOptions? options = null, TimeProvider? timeProvider = null)
    {
        options ??= new PostgresAllocationOptions();
        _store = new PostgresAllocationStore(dataSource, options);
        _showsWithExpiredHoldsSql = _store.Sql(ShowsWithExpiredHoldsSql);
        _sweepShowSql = _store.Sql(SweepShowSql);
        _batchSize = options.ExpiredHoldSweepBatchSize;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Releases every hold that has expired by now, in one show or in all shows.</summary>
    /// <param name="showId">The show to sweep, or <see langword="null"/> for every show.</param>
    /// <param name="cancellationToken">A token to cancel the sweep; batches already committed stay committed.</param>
    /// <returns>How many holds were released.</returns>
    public async Task<int> SweepAsync(string? showId = null, CancellationToken cancellationToken = default)
    {
        var now = _timeProvider.GetUtcNow();
        IEnumerable<string> shows = showId is not null ? [AllocationLimits.ThrowIfInvalidId(showId)] : await ShowsWithExpiredHoldsAsync(now, cancellationToken).ConfigureAwait(false);
        var swept = 0;
        foreach (var show in shows)
        {
            int batch;
            do
            {
                batch = await SweepBatchAsync(show, now, cancellationToken).ConfigureAwait(false);
                swept += batch;
            }
            while (batch == _batchSize);
        }

        return swept;
    }

    private async Task<List<string>> ShowsWithExpiredHoldsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_showsWithExpiredHoldsSql);
        command.Parameters.AddWithValue("now", now);
        var shows = new List<string>();
        await using var reader = await _store.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            shows.Add(reader.GetString(0));
        }

        return shows;
    }

    private async Task<int> SweepBatchAsync(string showId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _store.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var sweep = new NpgsqlBatchCommand(_sweepShowSql)
        {
            Parameters = { new("show_id", showId), new("now", now), new("batch_size", _batchSize) },
        };
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { _store.LockTimeoutCommand(), _store.LockShowCommand(showId), sweep } };
        await _store.PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
        var swept = 0;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                swept = reader.GetInt32(reader.GetOrdinal("swept"));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return swept;
    }
}
