using StackExchange.Redis;

namespace SeatAllocation.Redis.Admission;

/// <summary>The layout of <c>commit.lua</c>: record an allocation PostgreSQL made, in place of its admission if it had one.</summary>
/// <param name="Show">The show's keys.</param>
/// <param name="Allocation">The hold or booking PostgreSQL committed.</param>
/// <param name="AdmissionToken">The admission it replaces, or <see langword="null"/> (confirm, or a request that bypassed the gate).</param>
/// <param name="RequestId">The request id to remember, or <see langword="null"/> to leave the request hash alone.</param>
/// <param name="Now">The application's clock.</param>
internal sealed record CommitCall(RedisShowKeys Show, Allocation Allocation, string? AdmissionToken, string? RequestId, DateTimeOffset Now)
    : IRedisScriptCall
{
    /// <summary>The show hash, expiry set, quantity hash and request hash, the seat marks (<see cref="RedisShowKeys.SeatMarks"/>), then the allocation's seat lease keys.</summary>
    public RedisKey[] Keys() => [Show.Show, Show.Expiry, Show.Quantities, Show.Requests, .. Show.SeatMarks, .. Allocation.SeatIds.Select(Show.Seat)];

    /// <summary>
    /// The admission token (<c>''</c> when none), the allocation id, the request id (<c>''</c> to
    /// leave), the quantity, when it expires (ms; <see cref="AdmissionGate.BookedScore"/> for a
    /// booking), the lease keys' time-to-live (ms; <c>0</c>: none, for a booking), then the seat ids in
    /// the order of their lease keys.
    /// </summary>
    public RedisValue[] Values()
    {
        var leaseTtl = Allocation.ExpiresAt is { } expiresAt ? Math.Max(1, (long)(expiresAt - Now).TotalMilliseconds) : 0;
        return
        [
            AdmissionToken ?? string.Empty,
            Allocation.Id,
            RequestId ?? string.Empty,
            Allocation.Quantity,
            Allocation.ExpiresAt?.ToUnixTimeMilliseconds() ?? AdmissionGate.BookedScore,
            leaseTtl,
            .. Allocation.SeatIds.Select(seat => (RedisValue)seat),
        ];
    }
}
