namespace SeatAllocation;

/// <summary>
/// A request to hold or book seats: either specific seats by id, or any <see cref="Quantity"/>
/// seats (or units of general-admission capacity). Validated on construction, so a request that
/// exists is well formed.
/// </summary>
/// <remarks>
/// <see cref="RequestId"/> is the caller's idempotency key, scoped to the show: replaying it returns
/// the original allocation, and reusing it with a different payload is reported as
/// <see cref="AllocationStatus.IdempotencyKeyReused"/>. Only successful allocations are remembered;
/// a request that failed changed nothing and may simply be retried.
/// </remarks>
public sealed class AllocationRequest
{
    /// <summary>Creates a request for specific seats or for a quantity; exactly one of the two must be given.</summary>
    /// <param name="showId">The show to allocate from.</param>
    /// <param name="requestId">The caller-chosen idempotency key.</param>
    /// <param name="userId">Who the seats are for.</param>
    /// <param name="seatIds">The seats wanted, or <see langword="null"/> for a quantity request.</param>
    /// <param name="quantity">How many seats wanted, or <see langword="null"/> for a request of specific seats.</param>
    /// <exception cref="ArgumentException">An id is invalid, the seat list is empty or has duplicates, the quantity is out of range, or both or neither of seats and quantity were given.</exception>
    public AllocationRequest(string showId, string requestId, string userId, IEnumerable<string>? seatIds = null, int? quantity = null)
    {
        ShowId = AllocationLimits.ThrowIfInvalidId(showId);
        RequestId = AllocationLimits.ThrowIfInvalidId(requestId);
        UserId = AllocationLimits.ThrowIfInvalidId(userId);

        if (seatIds is not null && quantity is not null)
        {
            throw new ArgumentException($"Give either {nameof(seatIds)} or {nameof(quantity)}, not both.", nameof(seatIds));
        }

        if (seatIds is null && quantity is null)
        {
            throw new ArgumentException($"Give either {nameof(seatIds)} or {nameof(quantity)}.", nameof(seatIds));
        }

        if (quantity is { } count)
        {
            AllocationLimits.ThrowIfInvalidCount(count, nameof(quantity));
            SeatIds = [];
            Quantity = count;
        }
        else
        {
            SeatIds = AllocationLimits.ThrowIfInvalidSeatIds(seatIds, nameof(seatIds));
            Quantity = SeatIds.Count;
        }
    }

    /// <summary>Gets the show to allocate from.</summary>
    public string ShowId { get; }

    /// <summary>Gets the caller-chosen idempotency key.</summary>
    public string RequestId { get; }

    /// <summary>Gets who the seats are for.</summary>
    public string UserId { get; }

    /// <summary>Gets the specific seats wanted, in ordinal order; empty for a quantity request.</summary>
    public IReadOnlyList<string> SeatIds { get; }

    /// <summary>Gets how many seats are wanted (the number of <see cref="SeatIds"/> for a request of specific seats).</summary>
    public int Quantity { get; }

    /// <summary>Gets whether the request names specific seats rather than a quantity.</summary>
    public bool IsForSpecificSeats => SeatIds.Count > 0;

    /// <summary>
    /// Gets a canonical text of the payload (user, and seats or quantity). Two requests with the same
    /// id but different fingerprints are a reused idempotency key, not a replay.
    /// </summary>
    /// <remarks>Every id is length-prefixed, so ids that contain the separators cannot make two payloads look alike.</remarks>
    public string Fingerprint => IsForSpecificSeats
        ? $"user={Encode(UserId)};seats={string.Join(",", SeatIds.Select(Encode))}"
        : $"user={Encode(UserId)};quantity={Quantity}";

    /// <summary>
    /// Gets the fingerprint a strategy records for a hold or a booking made from this request: the
    /// operation and the payload, so replaying a booking's request id as a hold is a reused key.
    /// </summary>
    /// <param name="kind">Whether the request is being held or booked.</param>
    /// <returns>The text to store with the allocation and compare on a replay.</returns>
    public string FingerprintFor(AllocationKind kind) => (kind == AllocationKind.Hold ? "hold;" : "book;") + Fingerprint;

    private static string Encode(string id) => $"{id.Length}:{id}";

    /// <summary>Creates a request for specific seats.</summary>
    /// <param name="showId">The show to allocate from.</param>
    /// <param name="requestId">The caller-chosen idempotency key.</param>
    /// <param name="userId">Who the seats are for.</param>
    /// <param name="seatIds">The seats wanted.</param>
    /// <returns>The request.</returns>
    public static AllocationRequest ForSeats(string showId, string requestId, string userId, params IEnumerable<string> seatIds) =>
        new(showId, requestId, userId, seatIds ?? throw new ArgumentException($"{nameof(seatIds)} is required.", nameof(seatIds)));

    /// <summary>Creates a request for any <paramref name="quantity"/> seats or units of capacity.</summary>
    /// <param name="showId">The show to allocate from.</param>
    /// <param name="requestId">The caller-chosen idempotency key.</param>
    /// <param name="userId">Who the seats are for.</param>
    /// <param name="quantity">How many seats are wanted.</param>
    /// <returns>The request.</returns>
    public static AllocationRequest ForQuantity(string showId, string requestId, string userId, int quantity) =>
        new(showId, requestId, userId, quantity: quantity);
}
