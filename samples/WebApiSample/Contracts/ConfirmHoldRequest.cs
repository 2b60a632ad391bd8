namespace WebApiSample.Contracts;

/// <summary>The body of <c>POST …/holds/{holdId}/confirm</c>.</summary>
/// <param name="UserId">The holder; another user's hold is answered 404. A real app takes this from the authenticated user instead.</param>
internal sealed record ConfirmHoldRequest(string? UserId);
