using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WebApiSample.Authentication;

namespace WebApiSample.DevelopmentTokens;

/// <summary>
/// Signs tokens with the development key of <c>Authentication:Schemes:Bearer:SigningKeys</c>
/// (appsettings.Development.json), so a developer, the tests, the race demo and the soak can act as
/// any user without an identity provider. Registered in Development only.
/// </summary>
/// <remarks>
/// The tokens are exactly what the bearer handler validates: the key's issuer, the first valid
/// audience, <c>sub</c> and <c>role</c>. Their times come from the system clock, which the handler
/// checks them against, not from the app's <see cref="TimeProvider"/> (which tests move to expire holds).
/// </remarks>
internal sealed class DevelopmentTokenIssuer
{
    /// <summary>How long a token is valid: a working day and more, so a long soak keeps its tokens.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private readonly string issuer;
    private readonly string? audience;
    private readonly SigningCredentials credentials;
    private readonly JsonWebTokenHandler handler = new();

    public DevelopmentTokenIssuer(IConfiguration configuration)
    {
        var settings = BearerSettings.Read(configuration);
        var key = settings.UsableSigningKeys.FirstOrDefault()
            ?? throw new InvalidOperationException($"No development signing key in {BearerSettings.SectionName}:SigningKeys.");
        issuer = key.Issuer!;
        audience = settings.ValidAudiences.Count > 0 ? settings.ValidAudiences[0] : null;
        credentials = new SigningCredentials(new SymmetricSecurityKey(key.Decode()), SecurityAlgorithms.HmacSha256);
    }

    /// <summary>Issues a token for <paramref name="userId"/> with <paramref name="roles"/>.</summary>
    /// <param name="userId">The token's <c>sub</c>.</param>
    /// <param name="roles">The token's <c>role</c> claims; none for a plain buyer.</param>
    public DevelopmentTokenResponse Issue(string userId, IReadOnlyList<string> roles)
    {
        var now = DateTimeOffset.UtcNow;
        var expires = now + Lifetime;
        var claims = new Dictionary<string, object>
        {
            [TokenClaims.Subject] = userId,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (roles.Count > 0)
        {
            claims[TokenClaims.Role] = roles.ToArray();
        }

        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = credentials,
        });
        return new DevelopmentTokenResponse(token, expires);
    }
}
