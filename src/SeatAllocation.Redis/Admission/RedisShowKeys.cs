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
        SeatMapFree = _tag + "mapfree";
        SeatsTakenUntil = _tag + "until";
        SeatPlaces = _tag + "places";
        TokenSeats = _tag + "tokenseats";
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
    /// Hash: the show's seat map laid out for choosing (see <see cref="SeatMapLayout"/>: the offsets'
    /// template, rows, ranks, filter masks and seat ids); absent without a map.
    /// </summary>
    public RedisKey SeatMap { get; }

    /// <summary>
    /// String, for a show with a seat map: one byte per offset of <see cref="SeatMap"/>'s template,
    /// <c>1</c> free, <c>0</c> taken by an admission, hold or booking, <c>L</c> held by a seat lease,
    /// <c>|</c> a separator. Kept in step with the lease keys by every script that sets or ends them,
    /// so a best-available choice reads one string instead of every seat's lease (see choose.lua).
    /// </summary>
    public RedisKey SeatMapFree { get; }

    /// <summary>
    /// Sorted set, for a show with a seat map: seat id → when the admission, hold or booking taking it
    /// stops counting (Unix ms, the application's clock), so seats whose owner expired are set free
    /// in <see cref="SeatMapFree"/> without reading their leases.
    /// </summary>
    public RedisKey SeatsTakenUntil { get; }

    /// <summary>Hash, for a show with a seat map: seat id → its offset in <see cref="SeatMapFree"/>.</summary>
    public RedisKey SeatPlaces { get; }

    /// <summary>
    /// Hash, for a show with a seat map: admission, hold or booking token → its seat ids (JSON), so a
    /// release, which names only the token, can set its seats free in <see cref="SeatMapFree"/>.
    /// </summary>
    public RedisKey TokenSeats { get; }

    /// <summary>
    /// What every seat lease key starts with (<see cref="Seat"/> is this plus the seat id). The scripts
    /// that choose seats receive it through KEYS, so a key prefix set on the caller's database applies
    /// to it, and append the ids of the seats they chose; the hash tag keeps those keys in the show's slot.
    /// </summary>
    public RedisKey SeatLeasePrefix { get; }

    /// <summary>
    /// The seat marks' keys in the order <c>seat_state</c> (protocol.lua) reads them from KEYS:
    /// <see cref="SeatMapFree"/>, <see cref="SeatsTakenUntil"/>, <see cref="SeatPlaces"/>, <see cref="TokenSeats"/>.
    /// </summary>
    public RedisKey[] SeatMarks => [SeatMapFree, SeatsTakenUntil, SeatPlaces, TokenSeats];

    /// <summary>String with a time-to-live: a drift repair ran recently.</summary>
    public RedisKey RepairClaim { get; }

    /// <summary>The lease key of one seat; its value is the owning token.</summary>
    public RedisKey Seat(string seatId) => _tag + "seat:" + seatId;
}
