using StackExchange.Redis;

namespace SeatAllocation.Redis.Admission;

/// <summary>The layout of <c>release.lua</c>: give back what a token took.</summary>
/// <param name="Show">The show's keys.</param>
/// <param name="Token">An admission token, or the id of a released hold or cancelled booking.</param>
/// <param name="RequestId">The request id whose admission is undone, or <see langword="null"/>.</param>
internal sealed record ReleaseCall(RedisShowKeys Show, string Token, string? RequestId) : IRedisScriptCall
{
    /// <summary>The show hash, expiry set, quantity hash, request hash and seat lease key prefix, then the seat marks (<see cref="RedisShowKeys.SeatMarks"/>).</summary>
    public RedisKey[] Keys() => [Show.Show, Show.Expiry, Show.Quantities, Show.Requests, Show.SeatLeasePrefix, .. Show.SeatMarks];

    /// <summary>The token, then the request id (<c>''</c> when none).</summary>
    public RedisValue[] Values() => [Token, RequestId ?? string.Empty];
}
