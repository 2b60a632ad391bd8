using StackExchange.Redis;

namespace SeatAllocation.Redis.Admission;

/// <summary>The layout of <c>rebuild.lua</c>: replace a show's state with a PostgreSQL snapshot, unless it changed since <see cref="ExpectedVersion"/> was read.</summary>
/// <param name="Show">The show's keys.</param>
/// <param name="ExpectedVersion">The show hash's version read before the snapshot (<c>''</c> when there was none).</param>
/// <param name="OnlyIfMissing">Rebuild only while the state is missing.</param>
/// <param name="Snapshot">What PostgreSQL holds.</param>
internal sealed record RebuildCall(RedisShowKeys Show, string ExpectedVersion, bool OnlyIfMissing, ShowSnapshot Snapshot) : IRedisScriptCall
{
    /// <summary>
    /// The show hash, expiry set, quantity hash, request hash, seat set, seat order list, seat map and
    /// seat lease key prefix, the seat marks (<see cref="RedisShowKeys.SeatMarks"/>), then the lease keys
    /// of every live allocation's seats, allocation by allocation.
    /// </summary>
    public RedisKey[] Keys() =>
    [
        Show.Show, Show.Expiry, Show.Quantities, Show.Requests, Show.SeatIds, Show.SeatOrder, Show.SeatMap, Show.SeatLeasePrefix,
        .. Show.SeatMarks,
        .. Snapshot.LiveAllocations.SelectMany(a => a.SeatIds.Select(Show.Seat)),
    ];

    /// <summary>
    /// The expected version, <c>1</c> to rebuild only a missing state (else <c>0</c>), the capacity, the
    /// snapshot's time (ms), <see cref="AdmissionGate.BookedScore"/>, the live allocation count N, then
    /// N × (id, quantity, expires at ms, seat count), the request count M, M × (request id, allocation
    /// id), <c>1</c> when seated (else <c>0</c>), <c>1</c> when the show has a per-user limit (else <c>0</c>), the seat map hash's
    /// field count F and F × (field, value) (<see cref="SeatMapLayout.Fields"/>), then every seat id of the
    /// show in ordinal order.
    /// </summary>
    public RedisValue[] Values()
    {
        var values = new List<RedisValue>(9 + (Snapshot.LiveAllocations.Count * 4) + (Snapshot.AllocationIdsByRequestId.Count * 2) + Snapshot.SeatIds.Count)
        {
            ExpectedVersion,
            OnlyIfMissing ? 1 : 0,
            Snapshot.Capacity,
            Snapshot.TakenAt.ToUnixTimeMilliseconds(),
            AdmissionGate.BookedScore,
            Snapshot.LiveAllocations.Count,
        };
        foreach (var allocation in Snapshot.LiveAllocations)
        {
            values.Add(allocation.Id);
            values.Add(allocation.Quantity);
            values.Add(allocation.ExpiresAt?.ToUnixTimeMilliseconds() ?? AdmissionGate.BookedScore);
            values.Add(allocation.SeatIds.Count);
        }

        values.Add(Snapshot.AllocationIdsByRequestId.Count);
        foreach (var (requestId, allocationId) in Snapshot.AllocationIdsByRequestId)
        {
            values.Add(requestId);
            values.Add(allocationId);
        }

        values.Add(Snapshot.IsSeated ? 1 : 0);
        values.Add(Snapshot.MaxSeatsPerUser is null ? 0 : 1);
        var map = SeatMapLayout.Fields(Snapshot.SeatMap);
        values.Add(map.Count);
        foreach (var (field, value) in map)
        {
            values.Add(field);
            values.Add(value);
        }

        values.AddRange(Snapshot.SeatIds.Order(StringComparer.Ordinal).Select(seat => (RedisValue)seat));
        return [.. values];
    }
}
