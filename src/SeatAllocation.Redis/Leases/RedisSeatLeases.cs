using SeatAllocation.Redis.Admission;
using StackExchange.Redis;

namespace SeatAllocation.Redis;

/// <summary>
/// Seat leases: "keep these seats for me for N seconds" — the seat engine's first step before
/// confirm. A lease is a Redis key per seat with a time-to-live (<c>{prefix}{showId}:seat:{seatId}</c>),
/// all seats of a call or none. It is advisory: it blocks other holders' leases and other users'
/// named-seat holds and bookings at the <see cref="RedisAdmissionStrategy"/> gate, while the holder's
/// own <c>HoldAsync</c>/<c>BookAsync</c> (with <see cref="AllocationRequest.UserId"/> equal to the holder
/// id) passes. Only PostgreSQL's commit makes a booking real.
/// </summary>
/// <remarks>
/// Leases expire by Redis's clock. They do not count against the show's remaining counter, so a
/// quantity request ("any 2 seats") may still be given a leased seat by PostgreSQL; lease named
/// seats and book named seats. Leases live only in Redis: a flush or restart without persistence
/// ends them. Redis failures surface as exceptions (there is nothing to fall back to).
/// </remarks>
public sealed class RedisSeatLeases
{
    private readonly AdmissionGate _gate;
    private readonly TimeProvider _timeProvider;

    internal RedisSeatLeases(AdmissionGate gate, TimeProvider timeProvider)
    {
        _gate = gate;
        _timeProvider = timeProvider;
    }

    /// <summary>Leases every seat in <paramref name="seatIds"/> to <paramref name="holderId"/>, or none of them.</summary>
    /// <param name="showId">The show.</param>
    /// <param name="holderId">Who leases: the user id that will then hold or book the seats.</param>
    /// <param name="seatIds">The seats; seats the holder already leases are renewed.</param>
    /// <param name="duration">How long the leases last, up to <see cref="AllocationLimits.MaxHoldDuration"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="SeatLeaseStatus.Leased"/>, or which seats stood in the way.</returns>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it.</exception>
    public Task<SeatLeaseResult> AcquireAsync(string showId, string holderId, IEnumerable<string> seatIds, TimeSpan duration, CancellationToken cancellationToken = default) =>
        LeaseAsync(extendOnly: false, showId, holderId, seatIds, duration, cancellationToken);

    /// <summary>Extends leases the holder still has on every seat in <paramref name="seatIds"/>, or none of them.</summary>
    /// <param name="showId">The show.</param>
    /// <param name="holderId">The holder.</param>
    /// <param name="seatIds">The seats.</param>
    /// <param name="duration">The new time-to-live, from now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="SeatLeaseStatus.Leased"/>, or the seats the holder does not lease (any more).</returns>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it.</exception>
    public Task<SeatLeaseResult> ExtendAsync(string showId, string holderId, IEnumerable<string> seatIds, TimeSpan duration, CancellationToken cancellationToken = default) =>
        LeaseAsync(extendOnly: true, showId, holderId, seatIds, duration, cancellationToken);

    /// <summary>Ends the holder's leases on <paramref name="seatIds"/>; other holders' leases are left alone.</summary>
    /// <param name="showId">The show.</param>
    /// <param name="holderId">The holder.</param>
    /// <param name="seatIds">The seats.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many leases ended.</returns>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it.</exception>
    public async Task<int> ReleaseAsync(string showId, string holderId, IEnumerable<string> seatIds, CancellationToken cancellationToken = default)
    {
        AllocationLimits.ThrowIfInvalidId(showId);
        AllocationLimits.ThrowIfInvalidId(holderId);
        var seats = AllocationLimits.ThrowIfInvalidSeatIds(seatIds);
        var ended = await _gate.EvaluateAsync(RedisScripts.Unlease, new UnleaseCall(_gate.KeysOf(showId), holderId, seats), cancellationToken).ConfigureAwait(false);
        return (int)ended;
    }

    private async Task<SeatLeaseResult> LeaseAsync(bool extendOnly, string showId, string holderId, IEnumerable<string> seatIds, TimeSpan duration, CancellationToken cancellationToken)
    {
        AllocationLimits.ThrowIfInvalidId(showId);
        AllocationLimits.ThrowIfInvalidId(holderId);
        var seats = AllocationLimits.ThrowIfInvalidSeatIds(seatIds);
        AllocationLimits.ThrowIfInvalidHoldDuration(duration);
        var keys = _gate.KeysOf(showId);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var now = _timeProvider.GetUtcNow();
            var call = new LeaseCall(keys, holderId, seats, duration, extendOnly, now);
            var reply = (RedisResult[])(await _gate.EvaluateAsync(RedisScripts.Lease, call, cancellationToken).ConfigureAwait(false))!;
            switch ((string?)reply[0])
            {
                case "leased":
                    return new SeatLeaseResult(SeatLeaseStatus.Leased, now + duration, []);
                case "held":
                    return new SeatLeaseResult(SeatLeaseStatus.Unavailable, null, reply.Skip(1).Select(position => seats[(int)position - 1]).ToArray());
                case "missing" when !await _gate.RebuildAsync(showId, "missing", onlyIfMissing: true, cancellationToken).ConfigureAwait(false):
                    return new SeatLeaseResult(SeatLeaseStatus.NotFound, null, []);
            }
        }

        throw new InvalidOperationException($"The show '{showId}' has no Redis admission state even after a rebuild; is another process flushing Redis?");
    }
}
