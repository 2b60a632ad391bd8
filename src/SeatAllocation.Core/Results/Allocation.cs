namespace SeatAllocation;

/// <summary>A hold or booking: which seats (or how many units) belong to whom.</summary>
/// <param name="Id">The hold or booking id: unguessable, and kept when a hold is confirmed into a booking.</param>
/// <param name="ShowId">The show.</param>
/// <param name="UserId">The owner.</param>
/// <param name="Kind">Hold or booking.</param>
/// <param name="SeatIds">The seats, in ordinal order; empty for general admission.</param>
/// <param name="Quantity">How many seats or units.</param>
/// <param name="ExpiresAt">When a hold expires; <see langword="null"/> for a booking.</param>
public sealed record Allocation(
    string Id,
    string ShowId,
    string UserId,
    AllocationKind Kind,
    IReadOnlyList<string> SeatIds,
    int Quantity,
    DateTimeOffset? ExpiresAt)
{
    /// <summary>
    /// Gets whether the seats sit together (adjacent, in one row) when the strategy chose them from a
    /// seat map for a best-available request: <see langword="false"/> when it split the group, as
    /// the request allowed. <see langword="null"/> for every other allocation.
    /// </summary>
    public bool? Together { get; init; }

    /// <summary>Compares every field, and the seats by their ids in order.</summary>
    /// <param name="other">The allocation to compare with.</param>
    /// <returns>Whether both describe the same allocation.</returns>
    public bool Equals(Allocation? other) =>
        other is not null
        && Id == other.Id
        && ShowId == other.ShowId
        && UserId == other.UserId
        && Kind == other.Kind
        && Quantity == other.Quantity
        && ExpiresAt == other.ExpiresAt
        && Together == other.Together
        && SeatIds.SequenceEqual(other.SeatIds, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, ShowId, Kind, Quantity, ExpiresAt);
}
