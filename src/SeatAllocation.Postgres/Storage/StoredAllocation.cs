using Npgsql;

namespace SeatAllocation.Postgres.Storage;

/// <summary>A row of the allocations table, as read back for idempotency replays and state checks.</summary>
internal sealed record StoredAllocation(Guid Id, string ShowId, string Fingerprint, string UserId, string Kind, string State, string[] SeatIds, int Quantity, DateTimeOffset? ExpiresAt)
{
    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    public const string Columns = "allocation_id, show_id, fingerprint, user_id, kind, state, seat_ids, quantity, expires_at";

    /// <summary>The allocation as first granted: what a replay of its request returns.</summary>
    public Allocation Original => new(
        Id.ToString("N"),
        ShowId,
        UserId,
        Kind == "hold" ? AllocationKind.Hold : AllocationKind.Booking,
        SeatIds,
        Quantity,
        Kind == "hold" ? ExpiresAt : null);

    /// <summary>The allocation as a booking, once a hold was confirmed.</summary>
    public Allocation AsBooking => Original with { Kind = AllocationKind.Booking, ExpiresAt = null };

    public static async Task<StoredAllocation?> ReadSingleAsync(NpgsqlDataReader reader, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;

    public static StoredAllocation Read(NpgsqlDataReader reader, int offset = 0) => new(
        reader.GetGuid(offset),
        reader.GetString(offset + 1),
        reader.GetString(offset + 2),
        reader.GetString(offset + 3),
        reader.GetString(offset + 4),
        reader.GetString(offset + 5),
        reader.GetFieldValue<string[]>(offset + 6),
        reader.GetInt32(offset + 7),
        reader.IsDBNull(offset + 8) ? null : reader.GetFieldValue<DateTimeOffset>(offset + 8));

    /// <summary>Answers a request whose id was used before: the original allocation, or a reused key.</summary>
    public AllocationResult AsReplayOf(string fingerprint) =>
        Fingerprint == fingerprint ? AllocationResult.Allocated(Original, isReplay: true) : AllocationResult.IdempotencyKeyReused();
}
