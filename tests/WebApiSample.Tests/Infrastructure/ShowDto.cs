namespace WebApiSample.Tests.Infrastructure;

/// <summary>The JSON of GET /shows/{showId} as a client reads it, written from the documented contract rather than shared with the sample.</summary>
public sealed record ShowDto(string ShowId, int Capacity, int Available, int Held, int Booked);
