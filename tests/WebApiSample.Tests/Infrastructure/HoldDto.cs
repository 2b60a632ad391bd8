namespace WebApiSample.Tests.Infrastructure;

/// <summary>The JSON of a hold as a client reads it, written from the documented contract rather than shared with the sample.</summary>
public sealed record HoldDto(string HoldId, string ShowId, string[] Seats, int Quantity, DateTimeOffset ExpiresAt, bool? Together = null);
