namespace WebApiSample.Contracts;

/// <summary>The body of <c>POST …/holds</c> and <c>POST …/bookings</c>: specific seats, or any <see cref="Quantity"/> seats.</summary>
/// <param name="Seats">The seats wanted; give this or <paramref name="Quantity"/>, not both.</param>
/// <param name="Quantity">How many seats wanted (any free ones on a seated show).</param>
/// <remarks>
/// Every member is nullable so that a missing field reaches the library's validation and is reported by name.
/// Who the seats are for is not in the body: it is the bearer token's <c>sub</c>, and a <c>userId</c>
/// field that a client still sends is ignored.
/// </remarks>
internal sealed record SeatRequest(IReadOnlyList<string>? Seats, int? Quantity);
