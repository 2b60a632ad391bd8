using System.Net;

namespace SeatAllocation.RaceDemo;

/// <summary>What one client got: an HTTP status or an exception, and how long it waited for it.</summary>
internal sealed record ClientOutcome(HttpStatusCode? Status, Exception? Error, TimeSpan Latency);
