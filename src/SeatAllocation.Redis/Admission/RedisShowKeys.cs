using StackExchange.Redis;

namespace SeatAllocation.Redis.Admission;

/// <summary>
/// The keys of one show. All carry the hash tag <c>{showId}</c>, so they live in one Redis Cluster
/// slot and one script may touch them all; scripts receive every key through KEYS, in the order
/// each script's call (<see cref="IRedisScriptCall"/>) lays them out.
/// </summary>
internal sealed class RedisShowKeys
{
    private readonly string _tag;

    public RedisShowKeys(string prefix, string showId)
    {
        _tag = prefix + "{" + showId + "}:";
        Show = _tag + "show";
        Expiry = _tag + "expiry";
        Quantities = _tag + "quantity";
        Requests = _tag + "request";
        RepairClaim = _tag + "repair";
        SeatIds = _tag + "seats";
        SeatOrder = _tag + "seatorder";
        SeatMap = _tag + "map";
        SeatLeasePrefix = _tag + "seat:";
    }

    /// <summary>
    /// Hash: capacity, remaining, version (bumped by every commit, release and rebuild), checked (last
    /// rebuild, ms). The state is missing while it has no capacity; commits and releases made then
    /// leave the hash holding only the version, so a rebuild can tell its snapshot is out of date.
    /// </summary>
    public RedisKey Show { get; }

    /// <summary>Sorted set: admission, hold or booking token → when it stops counting (Unix ms).</summary>
    public RedisKey Expiry { get; }

    /// <summary>Hash: token → how many seats or units it takes.</summary>
    public RedisKey Quantities { get; }

    /// <summary>Hash: request id → the token that answered it.</summary>
    public RedisKey Requests { get; }

    /// <summary>Set: every seat of a seated show, so unknown seat ids are refused like taken ones.</summary>
    public RedisKey SeatIds { get; }

    /// <summary>List: every seat of a seated show in ordinal order, the order a quantity request takes free seats in.</summary>
    public RedisKey SeatOrder { get; }

    /// <summary>
    /// String: the show's seat map as JSON (see <see cref="SeatMapLayout"/>), rows in map order and
    /// each row's seats in position order; absent without a map.
    /// </summary>
    public RedisKey SeatMap { get; }

    /// <summary>
    /// What every seat lease key starts with (<see cref="Seat"/> is this plus the seat id). The scripts
    /// that choose seats receive it through KEYS, so a key prefix set on the caller's database applies
    /// to it, and append the ids of the seats they chose; the hash tag keeps those keys in the show's slot.
    /// </summary>
    public RedisKey SeatLeasePrefix { get; }

    /// <summary>String with a time-to-live: a drift repair ran recently.</summary>
    public RedisKey RepairClaim { get; }

    /// <summary>The lease key of one seat; its value is the owning token.</summary>
    public RedisKey Seat(string seatId) => _tag + "seat:" + seatId;
}
