namespace SeatAllocation.Redis;

/// <summary>The answer to a seat lease call.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="ExpiresAt">When the leases lapse (by the strategy's clock), when <see cref="SeatLeaseStatus.Leased"/>.</param>
/// <param name="UnavailableSeatIds">The seats that stood in the way, when <see cref="SeatLeaseStatus.Unavailable"/>.</param>
public sealed record SeatLeaseResult(SeatLeaseStatus Status, DateTimeOffset? ExpiresAt, IReadOnlyList<string> UnavailableSeatIds)
{
    /// <summary>Gets whether the holder now leases every seat asked for.</summary>
    public bool Succeeded => Status == SeatLeaseStatus.Leased;
}
