namespace WebApiSample.Contracts;

/// <summary>
/// The body of <c>POST /shows</c>: named seats (reserved seating), plain or laid out in a seat map, or
/// a capacity (general admission), and the show's optional limits.
/// </summary>
/// <param name="ShowId">The new show's id, chosen by the caller.</param>
/// <param name="Seats">The seats, for a show with named seats: plain seat ids, or seat objects that make a seat map.</param>
/// <param name="Capacity">How many places, for a general-admission show.</param>
/// <param name="MaxSeatsPerUser">The most places one buyer may have in the show at once, in live holds and bookings together; none when absent.</param>
/// <param name="MaxHoldLifetimeSeconds">
/// The longest a hold may live from when it was made, however often it is extended, in seconds (1 to
/// 86,400); when absent, a day.
/// </param>
/// <remarks>Every member is nullable so that a missing field reaches the library's validation and is reported by name.</remarks>
internal sealed record CreateShowRequest(string? ShowId, ShowSeatList? Seats, int? Capacity, int? MaxSeatsPerUser = null, int? MaxHoldLifetimeSeconds = null);
