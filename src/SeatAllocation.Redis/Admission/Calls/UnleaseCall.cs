using StackExchange.Redis;

namespace SeatAllocation.Redis.Admission;

/// <summary>The layout of <c>unlease.lua</c>: end a holder's leases on some seats.</summary>
/// <param name="Show">The show's keys.</param>
/// <param name="HolderId">The holder whose leases end.</param>
/// <param name="SeatIds">The seats.</param>
internal sealed record UnleaseCall(RedisShowKeys Show, string HolderId, IReadOnlyList<string> SeatIds) : IRedisScriptCall
{
    /// <summary>The seat marks (<see cref="RedisShowKeys.SeatMarks"/>), then the seats' lease keys.</summary>
    public RedisKey[] Keys() => [.. Show.SeatMarks, .. SeatIds.Select(Show.Seat)];

    /// <summary>The holder's lease token, then the seat ids in the order of their lease keys.</summary>
    public RedisValue[] Values() => [RedisTokens.Lease(HolderId), .. SeatIds.Select(seat => (RedisValue)seat)];
}
