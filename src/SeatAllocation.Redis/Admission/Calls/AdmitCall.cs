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
    /// <summary>
    /// The show hash, expiry set, quantity hash, request hash, seat set, seat order list, seat map and
    /// seat lease key prefix, the seat marks (<see cref="RedisShowKeys.SeatMarks"/>), then one lease key per requested seat.
    /// </summary>
    public RedisKey[] Keys() =>
    [
        Show.Show, Show.Expiry, Show.Quantities, Show.Requests, Show.SeatIds, Show.SeatOrder, Show.SeatMap, Show.SeatLeasePrefix,
        .. Show.SeatMarks,
        .. Request.SeatIds.Select(Show.Seat),
    ];

    /// <summary>
    /// Now (ms), the admission token, the request id, the quantity, when the admission expires (ms),
    /// the reconcile interval (ms), the requester's own lease token, the lease keys' time-to-live (ms),
    /// the kind of request (<c>seats</c>, <c>quantity</c> or <c>best</c>), a best-available request's
    /// options (together <c>1</c>/<c>0</c>, category or <c>''</c>, section or <c>''</c>, accessible only
    /// <c>1</c>/<c>0</c>), then the requested seat ids in the order of their lease keys.
    /// </summary>
    public RedisValue[] Values()
    {
        var best = Request.BestAvailableOptions;
        return
        [
            Now.ToUnixTimeMilliseconds(),
            Token,
            Request.RequestId,
            Request.Quantity,
            (Now + Options.AdmissionTimeout).ToUnixTimeMilliseconds(),
            (long)Options.ReconcileInterval.TotalMilliseconds,
            RedisTokens.Lease(Request.UserId),
            (long)Options.AdmissionTimeout.TotalMilliseconds,
            Request.IsForSpecificSeats ? "seats" : best is null ? "quantity" : "best",
            best?.Together ?? true ? 1 : 0,
            best?.Category ?? string.Empty,
            best?.Section ?? string.Empty,
            best?.Accessible ?? false ? 1 : 0,
            .. Request.SeatIds.Select(seat => (RedisValue)seat),
        ];
    }
}
