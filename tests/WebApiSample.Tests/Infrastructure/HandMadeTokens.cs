using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace WebApiSample.Tests.Infrastructure;

/// <summary>
/// Tokens that <c>POST /dev/tokens</c> would never issue — expired, signed with another key, for
/// another audience — to show what the app does with them, and tokens for apps outside Development,
/// signed with the key the test configured, as an identity provider would.
/// </summary>
public static class HandMadeTokens
{
    /// <summary>The development issuer and audience of appsettings.Development.json.</summary>
    public const string DevelopmentIssuer = "seatallocation-development";

    /// <inheritdoc cref="DevelopmentIssuer"/>
    public const string DevelopmentAudience = "seatallocation-webapisample";

    /// <summary>The app's first configured signing key (in Development, the development key).</summary>
    public static byte[] SigningKeyOf(SampleApp app) =>
        Convert.FromBase64String(app.Services.GetRequiredService<IConfiguration>()["Authentication:Schemes:Bearer:SigningKeys:0:Value"]!);

    /// <summary>A fresh random 256-bit key, known to no app.</summary>
    public static byte[] RandomKey() => RandomNumberGenerator.GetBytes(32);

    /// <summary>A signed token for <paramref name="userId"/> (none: a token without <c>sub</c>).</summary>
    public static string Create(
        byte[] key,
        string? userId,
        string[]? roles = null,
        string issuer = DevelopmentIssuer,
        string audience = DevelopmentAudience,
        DateTime? notBefore = null,
        DateTime? expires = null)
    {
        var claims = new Dictionary<string, object>();
        if (userId is not null)
        {
            claims["sub"] = userId;
        }

        if (roles is { Length: > 0 })
        {
            claims["role"] = roles;
        }

        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = (notBefore ?? now).AddMinutes(-1),
            NotBefore = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Sends <paramref name="request"/> with <c>Authorization: Bearer <paramref name="token"/></c>.</summary>
    public static async Task<HttpResponseMessage> SendWithTokenAsync(this HttpClient http, HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new("Bearer", token);
        return await http.SendAsync(request);
    }
}
