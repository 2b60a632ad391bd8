namespace WebApiSample.Contracts;

/// <summary>
/// The body of <c>POST …/holds</c> and <c>POST …/bookings</c>: specific seats, any <see cref="Quantity"/>
/// seats, or the best <see cref="Quantity"/> seats of a seat map.
/// </summary>
/// <param name="Seats">The seats wanted; give this or <paramref name="Quantity"/>, not both.</param>
/// <param name="Quantity">
/// How many seats wanted. On a show with a seat map the best ones are chosen (best-available, together
/// unless <paramref name="Together"/> is false); on other shows, any free ones.
/// </param>
/// <param name="Together">Whether the seats must be adjacent in one row; true when absent. Seat-map shows only.</param>
/// <param name="Category">Only seats of this category. Seat-map shows only.</param>
/// <param name="Section">Only seats of this section. Seat-map shows only.</param>
/// <param name="Accessible">Only accessible seats when true. Seat-map shows only.</param>
/// <remarks>
/// Every member is nullable so that a missing field reaches the library's validation and is reported by name.
/// Who the seats are for is not in the body: it is the bearer token's <c>sub</c>, and a <c>userId</c>
/// field that a client still sends is ignored.
/// </remarks>
internal sealed record SeatRequest(
    IReadOnlyList<string>? Seats,
    int? Quantity,
    bool? Together = null,
    string? Category = null,
    string? Section = null,
    bool? Accessible = null);
