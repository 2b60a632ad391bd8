namespace WebApiSample.DevelopmentTokens;

/// <summary>The body of <c>POST /dev/tokens</c>.</summary>
/// <param name="UserId">The user to act as: the token's <c>sub</c>, an id like any other (1–128 characters, no control characters).</param>
/// <param name="Roles">The user's roles; <c>organizer</c> may create shows. None for a buyer.</param>
/// <remarks>Every member is nullable so that a missing field is reported by name.</remarks>
internal sealed record DevelopmentTokenRequest(string? UserId, IReadOnlyList<string?>? Roles);
