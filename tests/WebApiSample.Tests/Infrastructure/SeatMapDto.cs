namespace WebApiSample.Tests.Infrastructure;

/// <summary>The JSON of GET /shows/{showId}/seats as a client reads it, written from the documented contract rather than shared with the sample.</summary>
public sealed record SeatMapDto(string ShowId, SeatDto[] Seats);
