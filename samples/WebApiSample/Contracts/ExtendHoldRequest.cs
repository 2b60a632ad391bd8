namespace WebApiSample.Contracts;

/// <summary>The body of <c>POST /shows/{showId}/holds/{holdId}/extend</c>.</summary>
/// <param name="Seconds">How many seconds later the hold is to expire than it does now: 1 to 86,400.</param>
internal sealed record ExtendHoldRequest(int? Seconds);
