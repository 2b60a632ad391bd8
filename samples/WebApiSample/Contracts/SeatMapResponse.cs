namespace WebApiSample.Contracts;

/// <summary>The body of <c>GET /shows/{showId}/seats</c>: every seat of the show, for drawing a seat map.</summary>
/// <param name="ShowId">The show.</param>
/// <param name="Seats">The seats, in the seat map's order (ordinal order of ids for plain seat ids); empty for general admission.</param>
internal sealed record SeatMapResponse(string ShowId, IReadOnlyList<SeatResponse> Seats);
