using StackExchange.Redis;

namespace SeatAllocation.Redis.Admission;

/// <summary>The layout of <c>admit.lua</c>: admit or reject <see cref="Request"/> under a new admission token.</summary>
/// <param name="Show">The show's keys.</param>
/// <param name="Request">The hold or booking request.</param>
/// <param name="Token">The admission's token (<see cref="RedisTokens.NewAdmission"/>).</param>
/// <param name="Now">The application's clock, which holds and admissions expire by.</param>
/// <param name="Options">Admission timeout and reconcile interval.</param>
internal sealed record AdmitCall(RedisShowKeys Show, AllocationRequest Request, string Token, DateTimeOffset Now, RedisAdmissionOptions Options)
    : IRedisScriptCall
{
    /// <summary>The show hash, expiry set, quantity hash, request hash and seat set, then one lease key per requested seat.</summary>
    public RedisKey[] Keys() => [Show.Show, Show.Expiry, Show.Quantities, Show.Requests, Show.SeatIds, .. Request.SeatIds.Select(Show.Seat)];

    /// <summary>
    /// Now (ms), the admission token, the request id, the quantity, when the admission expires (ms),
    /// the reconcile interval (ms), the requester's own lease token, the lease keys' time-to-live (ms),
    /// then the requested seat ids in the order of their lease keys.
    /// </summary>
    public RedisValue[] Values() =>
    [
        Now.ToUnixTimeMilliseconds(),
        Token,
        Request.RequestId,
        Request.Quantity,
        (Now + Options.AdmissionTimeout).ToUnixTimeMilliseconds(),
        (long)Options.ReconcileInterval.TotalMilliseconds,
        RedisTokens.Lease(Request.UserId),
        (long)Options.AdmissionTimeout.TotalMilliseconds,
        .. Request.SeatIds.Select(seat => (RedisValue)seat),
    ];
}
