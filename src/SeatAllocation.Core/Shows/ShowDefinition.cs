using System.Security.Cryptography;
using System.Text;

namespace SeatAllocation;

/// <summary>
/// A show to create: named seats (reserved seating), optionally laid out in a seat map (sections,
/// rows, positions, categories, ranks), or a capacity (general admission).
/// </summary>
/// <remarks>
/// <para>
/// A definition may carry the caller's idempotency key (<see cref="WithRequestId"/>): then repeating
/// the creation answers <see cref="CreateShowResult.Replayed"/> instead of
/// <see cref="CreateShowResult.AlreadyExists"/>, and the key used for another show or another definition
/// answers <see cref="CreateShowResult.IdempotencyKeyReused"/>. Unlike an allocation's request id,
/// which is scoped to its show, a show's request id is unique across all shows: the show id is part of
/// what it identifies.
/// </para>
/// <para>
/// A seat map (<see cref="Seated(string, IEnumerable{SeatMapSeat})"/>) is what best-available requests
/// (<see cref="AllocationRequest.BestAvailable"/>) choose from; a show of plain seat ids has none.
/// </para>
/// </remarks>
public sealed class ShowDefinition
{
    private ShowDefinition(string showId, IReadOnlyList<string> seatIds, IReadOnlyList<SeatMapSeat> seats, int capacity)
    {
        ShowId = showId;
        SeatIds = seatIds;
        Seats = seats;
        Capacity = capacity;
    }

    private ShowDefinition(ShowDefinition show)
        : this(show.ShowId, show.SeatIds, show.Seats, show.Capacity)
    {
        RequestId = show.RequestId;
        MaxSeatsPerUser = show.MaxSeatsPerUser;
        MaxHoldLifetime = show.MaxHoldLifetime;
    }

    /// <summary>Gets the show's id.</summary>
    public string ShowId { get; }

    /// <summary>Gets the named seats, in ordinal order; empty for general admission.</summary>
    public IReadOnlyList<string> SeatIds { get; }

    /// <summary>
    /// Gets the seat map: every seat with its section, row, position, category and rank (the default
    /// rank filled in), in the order given; empty when the show has no map.
    /// </summary>
    public IReadOnlyList<SeatMapSeat> Seats { get; }

    /// <summary>Gets whether the show's seats are laid out in a seat map (<see cref="Seats"/>).</summary>
    public bool HasSeatMap => Seats.Count > 0;

    /// <summary>Gets how many seats or units the show has.</summary>
    public int Capacity { get; }

    /// <summary>Gets whether the show has named seats rather than general-admission capacity.</summary>
    public bool IsSeated => SeatIds.Count > 0;

    /// <summary>Gets the caller's idempotency key for creating this show, or <see langword="null"/> when it has none.</summary>
    public string? RequestId { get; private init; }

    /// <summary>
    /// Gets how many places one user may have in the show at once, in live holds and bookings
    /// together, or <see langword="null"/> for no limit (<see cref="WithMaxSeatsPerUser"/>).
    /// </summary>
    public int? MaxSeatsPerUser { get; private init; }

    /// <summary>
    /// Gets the longest a hold may live, from when it was made to when it expires, however often it is
    /// extended (<see cref="IAllocationStrategy.ExtendAsync"/>), or <see langword="null"/> for the
    /// default, <see cref="AllocationLimits.MaxHoldDuration"/> (<see cref="WithMaxHoldLifetime"/>).
    /// </summary>
    public TimeSpan? MaxHoldLifetime { get; private init; }

    /// <summary>
    /// Gets a digest of what the show is (its id, and its seats, seat map or capacity; not the request id): two
    /// creations with the same request id but different fingerprints are a reused idempotency key, not a replay.
    /// </summary>
    /// <remarks>
    /// The SHA-256 of a canonical text, as 64 hexadecimal digits: a seated show can name 100,000 seats,
    /// too many to store and compare as text. Every id is length-prefixed, so ids that contain the
    /// separators cannot make two shows look alike; seats are in ordinal order, so their order as
    /// given does not matter (a seat map's order counts through the default ranks it gives).
    /// </remarks>
    public string Fingerprint
    {
        get
        {
            // A show of plain seat ids keeps the text it always had: stored fingerprints stay valid.
            var canonical = HasSeatMap ? $"show={Encode(ShowId)};map={string.Join(",", Seats.OrderBy(seat => seat.Id, StringComparer.Ordinal).Select(SeatMapRules.Canonical))}"
                : IsSeated ? $"show={Encode(ShowId)};seats={string.Join(",", SeatIds.Select(Encode))}"
                : $"show={Encode(ShowId)};capacity={Capacity}";
            // Only limits that are set are written, so a show without them keeps the text it always had.
            if (MaxSeatsPerUser is { } most)
            {
                canonical += $";max_seats_per_user={most.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            }

            if (MaxHoldLifetime is { } lifetime)
            {
                canonical += $";max_hold_lifetime={lifetime.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            }

            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        }
    }

    /// <summary>Returns the same show, to be created under the caller's idempotency key.</summary>
    /// <param name="requestId">The caller-chosen idempotency key, unique across every show's creation.</param>
    /// <returns>A definition with the same id, seats, seat map and capacity, and this request id.</returns>
    /// <exception cref="ArgumentException">The request id is invalid.</exception>
    public ShowDefinition WithRequestId(string requestId) =>
        new(this) { RequestId = AllocationLimits.ThrowIfInvalidId(requestId) };

    /// <summary>Returns the same show with a limit on how many places one user may have in it at once ("max 4 tickets per customer").</summary>
    /// <param name="maxSeatsPerUser">
    /// The most seats or units one user id may hold and have booked in the show together, 1 to
    /// <see cref="AllocationLimits.MaxCapacity"/>. A hold or booking that would take its user past it
    /// is refused with <see cref="AllocationStatus.PerUserLimitReached"/>; released, cancelled and
    /// expired allocations do not count.
    /// </param>
    /// <returns>A definition like this one, with the limit.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The limit is out of range.</exception>
    /// <remarks>The limit is per user id: it is only as strong as the application's hold on who a user is.</remarks>
    public ShowDefinition WithMaxSeatsPerUser(int maxSeatsPerUser)
    {
        AllocationLimits.ThrowIfInvalidCount(maxSeatsPerUser);
        return new(this) { MaxSeatsPerUser = maxSeatsPerUser };
    }

    /// <summary>Returns the same show with a cap on how long a hold may live, however often it is extended.</summary>
    /// <param name="maxHoldLifetime">
    /// The longest time from a hold's creation to its expiry: more than zero, at most
    /// <see cref="AllocationLimits.MaxHoldDuration"/>, in whole milliseconds. An extension past it is refused with
    /// <see cref="AllocationStatus.HoldLifetimeCapReached"/>. It bounds extensions only: a hold made for
    /// longer than the cap is kept as made, and cannot be extended.
    /// </param>
    /// <returns>A definition like this one, with the cap.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The cap is out of range, or not a whole number of milliseconds.</exception>
    public ShowDefinition WithMaxHoldLifetime(TimeSpan maxHoldLifetime)
    {
        AllocationLimits.ThrowIfInvalidHoldDuration(maxHoldLifetime);
        if (maxHoldLifetime.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            // Stores keep it in milliseconds (PostgreSQL's interval has microseconds, Redis milliseconds).
            throw new ArgumentOutOfRangeException(nameof(maxHoldLifetime), maxHoldLifetime, $"{nameof(maxHoldLifetime)} must be a whole number of milliseconds.");
        }

        return new(this) { MaxHoldLifetime = maxHoldLifetime };
    }

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
        return new ShowDefinition(showId, seats, [], seats.Length);
    }

    /// <summary>Defines a show with named seats laid out in a seat map, for best-available requests.</summary>
    /// <param name="showId">The show's id.</param>
    /// <param name="seats">
    /// The seats: at least one, at most <see cref="AllocationLimits.MaxCapacity"/>, with distinct ids
    /// and distinct places (section, row, position). Sections, rows and categories follow the rules of
    /// ids; positions start at 1; ranks are 0 or more.
    /// </param>
    /// <returns>The definition; its <see cref="Seats"/> carry every seat's rank.</returns>
    /// <exception cref="ArgumentException">The show id or a seat is invalid; the message names the seat and the field.</exception>
    /// <remarks>
    /// A seat without a rank gets the default: <c>2 × row index + |2 × position − (first + last position of its row)|</c>,
    /// its distance in half-seats to the middle of its section's front row, one row back costing as
    /// much as one seat further from the middle. Rows are indexed from 0 within their section in the
    /// order they first appear in <paramref name="seats"/>, so list the front row first.
    /// Give explicit ranks to every seat when sections or a stage's focal point call for another order.
    /// </remarks>
    public static ShowDefinition Seated(string showId, IEnumerable<SeatMapSeat> seats)
    {
        AllocationLimits.ThrowIfInvalidId(showId);
        var map = SeatMapRules.Validate(seats, nameof(seats));
        return new ShowDefinition(showId, [.. map.Select(seat => seat.Id).Order(StringComparer.Ordinal)], map, map.Length);
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
        return new ShowDefinition(showId, [], [], capacity);
    }
}
