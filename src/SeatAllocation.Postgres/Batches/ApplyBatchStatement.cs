using Npgsql;
using NpgsqlTypes;
using SeatAllocation.Postgres.Storage;

namespace SeatAllocation.Postgres.Batches;

/// <summary>
/// Sends requests of one show to the <c>apply_batch</c> function (migration 5) in one round trip and
/// reads one answer per request, by column name. The function runs as one statement, so a batch
/// commits whole or not at all.
/// </summary>
internal sealed class ApplyBatchStatement
{
    internal const string Sql = """
        SELECT ordinal, outcome, allocation_id, user_id, kind, seat_ids, quantity, expires_at, together
        FROM {schema}.apply_batch(@show_id, @now, @lock_timeout, @operations, @allocation_ids, @request_ids, @fingerprints,
            @user_ids, @quantities, @expires_at, @seat_ids, @seat_requests, @together, @categories, @sections, @accessible, @extensions,
            @proposed_seat_ids, @proposed_requests, @proposed_together, @proposed_refusals, @defer_overtaken)
        """;

    private readonly PostgresAllocationStore _store;
    private readonly string _sql;
    private readonly string _lockTimeout;

    public ApplyBatchStatement(PostgresAllocationStore store)
    {
        _store = store;
        _sql = store.Sql(Sql);
        _lockTimeout = store.LockTimeout;
    }

    /// <summary>A connection to apply batches on, one after another (see <see cref="ShowConnection"/>).</summary>
    public ShowConnection NewShowConnection() => new(_store.DataSource);

    /// <summary>
    /// Applies <paramref name="commands"/> (all for <paramref name="showId"/>) in order, as of
    /// <paramref name="now"/>, on <paramref name="connection"/>'s connection (which the caller releases when the call fails).
    /// </summary>
    /// <param name="connection">The connection the show's batches run on (see <see cref="ShowConnection"/>).</param>
    /// <param name="showId">The show.</param>
    /// <param name="commands">The requests, in order.</param>
    /// <param name="proposals">Seats or refusals proposed for best-available requests (see <see cref="SeatProposals"/>), one entry per command; or <see langword="null"/>.</param>
    /// <param name="now">The batch's clock.</param>
    /// <param name="deferOvertaken">
    /// Whether a best-available request whose proposal was overtaken, and every open request after it,
    /// is answered <see cref="BatchOutcome.Deferred"/> and left undone.
    /// </param>
    /// <param name="cancellationToken">Stops the call.</param>
    public async Task<BatchAnswer[]> ApplyAsync(ShowConnection connection, string showId, IReadOnlyList<AllocationCommand> commands, SeatChoice?[]? proposals, DateTimeOffset now, bool deferOvertaken, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_sql);
        AddParameters(command.Parameters, showId, commands, proposals, now, deferOvertaken);
        await using var reader = await _store.ExecuteReaderAsync(command, await connection.GetAsync(cancellationToken).ConfigureAwait(false), transaction: null, cancellationToken).ConfigureAwait(false);
        return await ReadAnswersAsync(reader, showId, commands.Count, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies <paramref name="commands"/> on the caller's connection, in its transaction, which the caller commits; nothing is deferred.</summary>
    public async Task<BatchAnswer[]> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string showId, IReadOnlyList<AllocationCommand> commands, SeatChoice?[]? proposals, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_sql);
        AddParameters(command.Parameters, showId, commands, proposals, now, deferOvertaken: false);
        await using var reader = await _store.ExecuteReaderAsync(command, connection, transaction, cancellationToken).ConfigureAwait(false);
        return await ReadAnswersAsync(reader, showId, commands.Count, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<BatchAnswer[]> ReadAnswersAsync(NpgsqlDataReader reader, string showId, int count, CancellationToken cancellationToken)
    {
        var answers = new BatchAnswer[count];
        var columns = new Columns(reader);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var ordinal = reader.GetInt32(columns.Ordinal);
            answers[ordinal - 1] = columns.Read(reader, showId);
        }

        return Array.IndexOf(answers, null) is var missing and >= 0
            ? throw new InvalidOperationException($"apply_batch gave no answer for request {missing + 1} of {count}.")
            : answers;
    }

    private void AddParameters(NpgsqlParameterCollection parameters, string showId, IReadOnlyList<AllocationCommand> commands, SeatChoice?[]? proposals, DateTimeOffset now, bool deferOvertaken)
    {
        var count = commands.Count;
        var operations = new short[count];
        var allocationIds = new Guid[count];
        var requestIds = new string?[count];
        var fingerprints = new string?[count];
        var userIds = new string?[count];
        var quantities = new int[count];
        var expiresAt = new DateTimeOffset?[count];
        var seatIds = new List<string>();
        var seatRequests = new List<int>();
        // A best-available request's options; all null for any other request (together null says which).
        var together = new bool?[count];
        var categories = new string?[count];
        var sections = new string?[count];
        var accessible = new bool?[count];
        // An extension's length in microseconds (a pure time interval in SQL, whatever the session's time zone); null for any other request.
        var extensions = new long?[count];
        var proposedSeatIds = new List<string>();
        var proposedRequests = new List<int>();
        var proposedTogether = new bool?[count];
        var proposedRefusals = new short?[count];
        for (var i = 0; i < count; i++)
        {
            var command = commands[i];
            operations[i] = (short)command.Operation;
            allocationIds[i] = command.AllocationId;
            userIds[i] = command.UserId;
            expiresAt[i] = now + command.HoldDuration;
            extensions[i] = command.Extension?.Ticks / TimeSpan.TicksPerMicrosecond;
            if (command.Request is { } request)
            {
                requestIds[i] = request.RequestId;
                fingerprints[i] = command.Fingerprint;
                quantities[i] = request.Quantity;
                seatIds.AddRange(request.SeatIds);
                seatRequests.AddRange(Enumerable.Repeat(i + 1, request.SeatIds.Count));
                switch (proposals?[i])
                {
                    case { Status: AllocationStatus.Allocated } proposed:
                        proposedSeatIds.AddRange(proposed.SeatIds);
                        proposedRequests.AddRange(Enumerable.Repeat(i + 1, proposed.SeatIds.Count));
                        proposedTogether[i] = proposed.Together;
                        break;
                    case { } refused:
                        proposedRefusals[i] = (short)(refused.Status == AllocationStatus.NotEnoughTogether ? BatchOutcome.NotEnoughTogether : BatchOutcome.Unavailable);
                        break;
                }

                if (request.BestAvailableOptions is { } best)
                {
                    (together[i], categories[i], sections[i], accessible[i]) = (best.Together, best.Category, best.Section, best.Accessible);
                }
                else if (command.HasSeatsChosenForBestAvailable)
                {
                    // Taken as named; apply_batch records whether they are one block (Allocation.Together).
                    together[i] = true;
                }
            }
        }

        parameters.Add(new("show_id", NpgsqlDbType.Text) { Value = showId });
        parameters.Add(new("now", NpgsqlDbType.TimestampTz) { Value = now });
        parameters.Add(new("lock_timeout", NpgsqlDbType.Text) { Value = _lockTimeout });
        parameters.Add(new("operations", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = operations });
        parameters.Add(new("allocation_ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = allocationIds });
        parameters.Add(new("request_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = requestIds });
        parameters.Add(new("fingerprints", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = fingerprints });
        parameters.Add(new("user_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = userIds });
        parameters.Add(new("quantities", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = quantities });
        parameters.Add(new("expires_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = expiresAt });
        parameters.Add(new("seat_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = seatIds.ToArray() });
        parameters.Add(new("seat_requests", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = seatRequests.ToArray() });
        parameters.Add(new("together", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = NullWhenAllNull(together) });
        parameters.Add(new("categories", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = NullWhenAllNull(categories) });
        parameters.Add(new("sections", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = NullWhenAllNull(sections) });
        parameters.Add(new("accessible", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = NullWhenAllNull(accessible) });
        parameters.Add(new("extensions", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = NullWhenAllNull(extensions) });
        parameters.Add(new("proposed_seat_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = proposedSeatIds.ToArray() });
        parameters.Add(new("proposed_requests", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = proposedRequests.ToArray() });
        parameters.Add(new("proposed_together", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = NullWhenAllNull(proposedTogether) });
        parameters.Add(new("proposed_refusals", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = NullWhenAllNull(proposedRefusals) });
        parameters.Add(new("defer_overtaken", NpgsqlDbType.Boolean) { Value = deferOvertaken });
    }

    /// <summary>
    /// <see cref="DBNull"/> for an optional array with no value in it (the requests of the batch use
    /// none of that option), which <c>apply_batch</c> reads as it reads a NULL element: PostgreSQL
    /// then receives one NULL instead of an array of NULLs, one per request.
    /// </summary>
    private static object NullWhenAllNull<T>(T?[] values) => Array.TrueForAll(values, value => value is null) ? DBNull.Value : values;

    /// <summary>The answer columns, looked up by name once per batch.</summary>
    private sealed class Columns(NpgsqlDataReader reader)
    {
        public int Ordinal { get; } = reader.GetOrdinal("ordinal");

        private readonly int _outcome = reader.GetOrdinal("outcome");
        private readonly int _allocationId = reader.GetOrdinal("allocation_id");
        private readonly int _userId = reader.GetOrdinal("user_id");
        private readonly int _kind = reader.GetOrdinal("kind");
        private readonly int _seatIds = reader.GetOrdinal("seat_ids");
        private readonly int _quantity = reader.GetOrdinal("quantity");
        private readonly int _expiresAt = reader.GetOrdinal("expires_at");
        private readonly int _together = reader.GetOrdinal("together");

        public BatchAnswer Read(NpgsqlDataReader row, string showId)
        {
            var outcome = (BatchOutcome)row.GetInt16(_outcome);
            var seatIds = row.IsDBNull(_seatIds) ? [] : row.GetFieldValue<string[]>(_seatIds);
            if (row.IsDBNull(_allocationId))
            {
                return new BatchAnswer(outcome, null, seatIds);
            }

            var kind = StoredEnums.ParseKind(row.GetString(_kind));
            var allocation = new Allocation(
                row.GetGuid(_allocationId).ToString("N"),
                showId,
                row.GetString(_userId),
                kind,
                seatIds,
                row.GetInt32(_quantity),
                kind == AllocationKind.Hold ? row.GetFieldValue<DateTimeOffset>(_expiresAt) : null)
            {
                Together = row.IsDBNull(_together) ? null : row.GetBoolean(_together),
            };
            return new BatchAnswer(outcome, allocation, []);
        }
    }
}
