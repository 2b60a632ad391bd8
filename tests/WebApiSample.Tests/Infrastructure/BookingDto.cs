namespace WebApiSample.Tests.Infrastructure;

/// <summary>The JSON of a booking as a client reads it, written from the documented contract rather than shared with the sample.</summary>
public sealed record BookingDto(string BookingId, string ShowId, string[] Seats, int Quantity, bool? Together = null);
