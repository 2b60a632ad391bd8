namespace SeatAllocation;

/// <summary>
/// A request to hold or book seats: specific seats by id, any <see cref="Quantity"/> seats (or
/// units of general-admission capacity), or the best <see cref="Quantity"/> seats of a seat map
/// (<see cref="BestAvailable"/>). Validated on construction, so a request that exists is well formed.
/// </summary>
/// <remarks>
/// <see cref="RequestId"/> is the caller's idempotency key, scoped to the show: replaying it returns
/// the original allocation, and reusing it with a different payload is reported as
/// <see cref="AllocationStatus.IdempotencyKeyReused"/>. Only successful allocations are remembered;
/// a request that failed changed nothing and may simply be retried.
/// </remarks>
public sealed class AllocationRequest
{
    // Set only by WithChosenSeats: the fingerprint of the request the seats were chosen for.
    private readonly string? _fingerprint;

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

    // The seats a layer in front of a strategy chose for `chosenFor`, under its fingerprint.
    private AllocationRequest(AllocationRequest chosenFor, IEnumerable<string> seatIds)
        : this(chosenFor.ShowId, chosenFor.RequestId, chosenFor.UserId, seatIds)
    {
        _fingerprint = chosenFor.Fingerprint;
    }

    // A best-available request: a quantity, and what the seats must be.
    private AllocationRequest(string showId, string requestId, string userId, int quantity, BestAvailableOptions options)
        : this(showId, requestId, userId, quantity: quantity)
    {
        BestAvailableOptions = options;
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

    /// <summary>Gets what a best-available request asks of its seats; <see langword="null"/> for any other request.</summary>
    public BestAvailableOptions? BestAvailableOptions { get; }

    /// <summary>Gets whether the strategy is to choose the best seats of the show's seat map (<see cref="BestAvailable"/>).</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(BestAvailableOptions))]
    public bool IsBestAvailable => BestAvailableOptions is not null;

    /// <summary>
    /// Gets a canonical text of the payload (user, and seats, quantity, or quantity and best-available
    /// options). Two requests with the same id but different fingerprints are a reused idempotency
    /// key, not a replay.
    /// </summary>
    /// <remarks>
    /// It is the request, never the seats a strategy chose for it, so a replay of a best-available
    /// request is recognised and answered with the seats chosen the first time. Every id is
    /// length-prefixed, so ids that contain the separators cannot make two payloads look alike.
    /// </remarks>
    public string Fingerprint => _fingerprint ?? (IsForSpecificSeats, BestAvailableOptions) switch
    {
        (true, _) => $"user={Encode(UserId)};seats={string.Join(",", SeatIds.Select(Encode))}",
        (false, null) => $"user={Encode(UserId)};quantity={Quantity}",
        (false, { } best) => $"user={Encode(UserId)};best={Quantity};together={(best.Together ? 1 : 0)};category={EncodeOptional(best.Category)};section={EncodeOptional(best.Section)};accessible={(best.Accessible ? 1 : 0)}",
    };

    /// <summary>
    /// Gets the fingerprint a strategy records for a hold or a booking made from this request: the
    /// operation and the payload, so replaying a booking's request id as a hold is a reused key.
    /// </summary>
    /// <param name="kind">Whether the request is being held or booked.</param>
    /// <returns>The text to store with the allocation and compare on a replay.</returns>
    public string FingerprintFor(AllocationKind kind) => (kind == AllocationKind.Hold ? "hold;" : "book;") + Fingerprint;

    /// <summary>
    /// Creates the request for specific seats that a layer in front of a strategy sends on after it
    /// chose the seats for this quantity or best-available request itself (the Redis admission gate
    /// does): the same show, request id and user, the chosen seats, and this request's
    /// <see cref="Fingerprint"/>. The strategy behind records it as this request, so a replay of this
    /// request is recognised and answered with the chosen seats, and reusing its id for other seats is
    /// still <see cref="AllocationStatus.IdempotencyKeyReused"/>.
    /// </summary>
    /// <param name="seatIds">The seats chosen: exactly <see cref="Quantity"/> distinct seat ids.</param>
    /// <returns>A request for those seats that carries this request's fingerprint.</returns>
    /// <exception cref="InvalidOperationException">This request already names its seats.</exception>
    /// <exception cref="ArgumentException">The seat ids are invalid, repeat a seat, or are not <see cref="Quantity"/> many.</exception>
    public AllocationRequest WithChosenSeats(IEnumerable<string> seatIds)
    {
        if (IsForSpecificSeats)
        {
            throw new InvalidOperationException($"Request '{RequestId}' names its seats; only a quantity or best-available request can have seats chosen for it.");
        }

        var chosen = new AllocationRequest(this, seatIds ?? throw new ArgumentException($"{nameof(seatIds)} is required.", nameof(seatIds)));
        return chosen.Quantity == Quantity
            ? chosen
            : throw new ArgumentException($"Request '{RequestId}' is for {Quantity} seats, but {chosen.Quantity} were chosen.", nameof(seatIds));
    }

    private static string Encode(string id) => $"{id.Length}:{id}";

    // "*" cannot be mistaken for an encoded name, which starts with its length.
    private static string EncodeOptional(string? name) => name is null ? "*" : Encode(name);

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

    /// <summary>
    /// Creates a request for the best <paramref name="quantity"/> seats of the show's seat map, by
    /// default adjacent in one row. The strategy chooses and takes the seats in one step.
    /// </summary>
    /// <param name="showId">The show to allocate from; it must have a seat map (<see cref="ShowDefinition.HasSeatMap"/>).</param>
    /// <param name="requestId">The caller-chosen idempotency key.</param>
    /// <param name="userId">Who the seats are for.</param>
    /// <param name="quantity">How many seats are wanted.</param>
    /// <param name="options">Whether the seats must sit together, and which seats qualify; the defaults (together, any seat) when <see langword="null"/>.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentException">An id is invalid or the quantity is out of range.</exception>
    /// <remarks>
    /// <para>
    /// The strategy picks a block of <paramref name="quantity"/> adjacent qualifying seats in one row,
    /// in this order of preference: a block that leaves no single free seat stranded (between taken
    /// seats, or at a row's end or gap), then the lowest sum of ranks (<see cref="SeatMapSeat.Rank"/>),
    /// then the section and row that come first in the map and the lowest position. When no block
    /// exists but enough qualifying seats are free, it answers <see cref="AllocationStatus.NotEnoughTogether"/>,
    /// or, when <see cref="BestAvailableOptions.Together"/> is <see langword="false"/>, splits the group
    /// (<see cref="Allocation.Together"/> is then <see langword="false"/>).
    /// </para>
    /// <para>
    /// A strategy throws <see cref="ArgumentException"/> when the show has no seat map, and
    /// <see cref="NotSupportedException"/> when it does not choose seats from maps (the in-memory,
    /// PostgreSQL and Redis admission strategies do).
    /// </para>
    /// </remarks>
    public static AllocationRequest BestAvailable(string showId, string requestId, string userId, int quantity, BestAvailableOptions? options = null) =>
        new(showId, requestId, userId, quantity, options ?? new BestAvailableOptions());
}
