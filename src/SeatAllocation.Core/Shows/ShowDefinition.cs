using System.Security.Cryptography;
using System.Text;

namespace SeatAllocation;

/// <summary>A show to create: either named seats (reserved seating) or a capacity (general admission).</summary>
/// <remarks>
/// A definition may carry the caller's idempotency key (<see cref="WithRequestId"/>): then repeating
/// the creation answers <see cref="CreateShowResult.Replayed"/> instead of
/// <see cref="CreateShowResult.AlreadyExists"/>, and the key used for another show or another definition
/// answers <see cref="CreateShowResult.IdempotencyKeyReused"/>. Unlike an allocation's request id,
/// which is scoped to its show, a show's request id is unique across all shows: the show id is part of
/// what it identifies.
/// </remarks>
public sealed class ShowDefinition
{
    private ShowDefinition(string showId, IReadOnlyList<string> seatIds, int capacity, string? requestId = null)
    {
        ShowId = showId;
        SeatIds = seatIds;
        Capacity = capacity;
        RequestId = requestId;
    }

    /// <summary>Gets the show's id.</summary>
    public string ShowId { get; }

    /// <summary>Gets the named seats, in ordinal order; empty for general admission.</summary>
    public IReadOnlyList<string> SeatIds { get; }

    /// <summary>Gets how many seats or units the show has.</summary>
    public int Capacity { get; }

    /// <summary>Gets whether the show has named seats rather than general-admission capacity.</summary>
    public bool IsSeated => SeatIds.Count > 0;

    /// <summary>Gets the caller's idempotency key for creating this show, or <see langword="null"/> when it has none.</summary>
    public string? RequestId { get; }

    /// <summary>
    /// Gets a digest of what the show is (its id, and its seats or capacity; not the request id): two
    /// creations with the same request id but different fingerprints are a reused idempotency key, not a replay.
    /// </summary>
    /// <remarks>
    /// The SHA-256 of a canonical text, as 64 hexadecimal digits: a seated show can name 100,000 seats,
    /// too many to store and compare as text. Every id is length-prefixed, so ids that contain the
    /// separators cannot make two shows look alike; seats are in ordinal order, so their order as
    /// given does not matter.
    /// </remarks>
    public string Fingerprint
    {
        get
        {
            var canonical = IsSeated
                ? $"show={Encode(ShowId)};seats={string.Join(",", SeatIds.Select(Encode))}"
                : $"show={Encode(ShowId)};capacity={Capacity}";
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        }
    }

    /// <summary>Returns the same show, to be created under the caller's idempotency key.</summary>
    /// <param name="requestId">The caller-chosen idempotency key, unique across every show's creation.</param>
    /// <returns>A definition with the same id, seats and capacity, and this request id.</returns>
    /// <exception cref="ArgumentException">The request id is invalid.</exception>
    public ShowDefinition WithRequestId(string requestId) =>
        new(ShowId, SeatIds, Capacity, AllocationLimits.ThrowIfInvalidId(requestId));

    private static string Encode(string id) => $"{id.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{id}";

    /// <summary>Defines a show with named seats.</summary>
    /// <param name="showId">The show's id.</param>
    /// <param name="seatIds">The seat ids: at least one, distinct, at most <see cref="AllocationLimits.MaxCapacity"/>.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentException">An id is invalid, or the seat list is empty or has duplicates.</exception>
    public static ShowDefinition Seated(string showId, params IEnumerable<string> seatIds)
    {
        AllocationLimits.ThrowIfInvalidId(showId);
        var seats = AllocationLimits.ThrowIfInvalidSeatIds(seatIds);
        return new ShowDefinition(showId, seats, seats.Length);
    }

    /// <summary>Defines a general-admission show: a capacity, no named seats.</summary>
    /// <param name="showId">The show's id.</param>
    /// <param name="capacity">How many units can be sold: 1 to <see cref="AllocationLimits.MaxCapacity"/>.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentException">The id is invalid or the capacity is out of range.</exception>
    public static ShowDefinition GeneralAdmission(string showId, int capacity)
    {
        AllocationLimits.ThrowIfInvalidId(showId);
        AllocationLimits.ThrowIfInvalidCount(capacity);
        return new ShowDefinition(showId, [], capacity);
    }
}
