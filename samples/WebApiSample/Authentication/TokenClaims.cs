namespace WebApiSample.Authentication;

/// <summary>The JWT claims the API reads, by their registered names (RFC 7519, RFC 9068).</summary>
/// <remarks>
/// The bearer handler keeps claim names as they are in the token (<c>MapInboundClaims = false</c>),
/// so these are the names an identity provider writes, not the long XML-namespace names .NET maps
/// them to by default.
/// </remarks>
internal static class TokenClaims
{
    /// <summary>The subject: the buyer's user id, passed to the library as the allocation's user.</summary>
    public const string Subject = "sub";

    /// <summary>A role of the user; a token with several roles carries an array.</summary>
    public const string Role = "role";
}
