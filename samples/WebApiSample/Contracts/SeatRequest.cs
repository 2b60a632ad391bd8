namespace WebApiSample.Contracts;

/// <summary>The body of <c>POST …/holds</c> and <c>POST …/bookings</c>: specific seats, or any <see cref="Quantity"/> seats.</summary>
/// <param name="UserId">Who the seats are for. A real app takes this from the authenticated user instead.</param>
/// <param name="Seats">The seats wanted; give this or <paramref name="Quantity"/>, not both.</param>
/// <param name="Quantity">How many seats wanted (any free ones on a seated show).</param>
/// <remarks>Every member is nullable so that a missing field reaches the library's validation and is reported by name.</remarks>
internal sealed record SeatRequest(string? UserId, IReadOnlyList<string>? Seats, int? Quantity);
