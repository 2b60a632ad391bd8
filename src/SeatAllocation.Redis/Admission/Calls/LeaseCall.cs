using StackExchange.Redis;

namespace SeatAllocation.Redis.Admission;

/// <summary>The layout of <c>lease.lua</c>: lease (or extend the leases on) some seats for a holder, all or none.</summary>
/// <param name="Show">The show's keys.</param>
/// <param name="HolderId">Who leases.</param>
/// <param name="SeatIds">The seats.</param>
/// <param name="Duration">How long the leases last from now.</param>
/// <param name="ExtendOnly">Only extend leases the holder has, instead of acquiring free seats too.</param>
/// <param name="Now">The application's clock, which holds and admissions expire by.</param>
internal sealed record LeaseCall(RedisShowKeys Show, string HolderId, IReadOnlyList<string> SeatIds, TimeSpan Duration, bool ExtendOnly, DateTimeOffset Now)
    : IRedisScriptCall
{
    /// <summary>The show hash, expiry set and seat set, the seat marks (<see cref="RedisShowKeys.SeatMarks"/>), then the seats' lease keys.</summary>
    public RedisKey[] Keys() => [Show.Show, Show.Expiry, Show.SeatIds, .. Show.SeatMarks, .. SeatIds.Select(Show.Seat)];

    /// <summary>
    /// Now (ms), the holder's lease token, the time-to-live (ms), the mode (<c>acquire</c> or
    /// <c>extend</c>), then the seat ids in the order of their lease keys.
    /// </summary>
    public RedisValue[] Values() =>
    [
        Now.ToUnixTimeMilliseconds(),
        RedisTokens.Lease(HolderId),
        Math.Max(1, (long)Duration.TotalMilliseconds),
        ExtendOnly ? "extend" : "acquire",
        .. SeatIds.Select(seat => (RedisValue)seat),
    ];
}
