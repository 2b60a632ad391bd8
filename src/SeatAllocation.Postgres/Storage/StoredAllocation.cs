using Npgsql;

namespace SeatAllocation.Postgres.Storage;

/// <summary>A row of the allocations table, as read back for idempotency replays and snapshots.</summary>
internal sealed record StoredAllocation(Guid Id, string ShowId, string Fingerprint, string UserId, AllocationKind Kind, AllocationState State, string[] SeatIds, int Quantity, DateTimeOffset? ExpiresAt, bool? Together)
{
    /// <summary>The columns <see cref="ColumnReader"/> reads, by name.</summary>
    public const string Columns = "allocation_id, show_id, fingerprint, user_id, kind, state, seat_ids, quantity, expires_at, together";

    /// <summary>The allocation as first granted: what a replay of its request returns.</summary>
    public Allocation Original => new(
        Id.ToString("N"), ShowId, UserId, Kind, SeatIds, Quantity, Kind == AllocationKind.Hold ? ExpiresAt : null) { Together = Together };

    /// <summary>Whether it holds seats now: booked, or held and not yet expired.</summary>
    public bool IsLiveAt(DateTimeOffset now) => State == AllocationState.Booked || (State == AllocationState.Held && ExpiresAt > now);

    /// <summary>Answers a request whose id was used before: the original allocation, or a reused key.</summary>
    public AllocationResult AsReplayOf(string fingerprint) =>
        Fingerprint == fingerprint ? AllocationResult.Allocated(Original, isReplay: true) : AllocationResult.IdempotencyKeyReused();

    /// <summary>Reads rows that carry <see cref="Columns"/>, looking each column up by name once.</summary>
    public sealed class ColumnReader(NpgsqlDataReader reader)
    {
        private readonly int _id = reader.GetOrdinal("allocation_id");
        private readonly int _showId = reader.GetOrdinal("show_id");
        private readonly int _fingerprint = reader.GetOrdinal("fingerprint");
        private readonly int _userId = reader.GetOrdinal("user_id");
        private readonly int _kind = reader.GetOrdinal("kind");
        private readonly int _state = reader.GetOrdinal("state");
        private readonly int _seatIds = reader.GetOrdinal("seat_ids");
        private readonly int _quantity = reader.GetOrdinal("quantity");
        private readonly int _expiresAt = reader.GetOrdinal("expires_at");
        private readonly int _together = reader.GetOrdinal("together");

        /// <summary>Whether the current row has an allocation (a LEFT JOIN gives one row of nulls for none).</summary>
        public bool HasAllocation => !reader.IsDBNull(_id);

        public StoredAllocation Read() => new(
            reader.GetGuid(_id),
            reader.GetString(_showId),
            reader.GetString(_fingerprint),
            reader.GetString(_userId),
            StoredEnums.ParseKind(reader.GetString(_kind)),
            StoredEnums.ParseState(reader.GetString(_state)),
            reader.GetFieldValue<string[]>(_seatIds),
            reader.GetInt32(_quantity),
            reader.IsDBNull(_expiresAt) ? null : reader.GetFieldValue<DateTimeOffset>(_expiresAt),
            reader.IsDBNull(_together) ? null : reader.GetBoolean(_together));
    }
}
