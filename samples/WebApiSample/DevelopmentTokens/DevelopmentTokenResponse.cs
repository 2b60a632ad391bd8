namespace WebApiSample.DevelopmentTokens;

/// <summary>A development token: send it as <c>Authorization: Bearer {token}</c>.</summary>
/// <param name="Token">The signed JWT.</param>
/// <param name="ExpiresAt">When the token stops being accepted.</param>
internal sealed record DevelopmentTokenResponse(string Token, DateTimeOffset ExpiresAt);
