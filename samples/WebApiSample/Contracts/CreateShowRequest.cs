namespace WebApiSample.Contracts;

/// <summary>The body of <c>POST /shows</c>: named seats (reserved seating) or a capacity (general admission).</summary>
/// <param name="ShowId">The new show's id, chosen by the caller.</param>
/// <param name="Seats">The seat ids, for a show with named seats.</param>
/// <param name="Capacity">How many places, for a general-admission show.</param>
/// <remarks>Every member is nullable so that a missing field reaches the library's validation and is reported by name.</remarks>
internal sealed record CreateShowRequest(string? ShowId, IReadOnlyList<string>? Seats, int? Capacity);
