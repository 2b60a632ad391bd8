namespace WebApiSample.Authentication;

/// <summary>
/// The bearer token settings as ASP.NET Core reads them, from <c>Authentication:Schemes:Bearer</c> —
/// the layout <c>dotnet user-jwts</c> writes — read here only to check them at start and to find the
/// development signing key.
/// </summary>
/// <param name="Authority">The identity provider whose OpenID Connect metadata supplies the issuer and signing keys.</param>
/// <param name="ValidIssuers">The accepted issuers (<c>ValidIssuer</c> and <c>ValidIssuers</c>).</param>
/// <param name="ValidAudiences">The accepted audiences (<c>ValidAudience</c> and <c>ValidAudiences</c>).</param>
/// <param name="SigningKeys">The symmetric keys (<c>SigningKeys</c>: <c>[{ Issuer, Value }]</c>, values in base64).</param>
/// <remarks>
/// ASP.NET Core binds the section to <c>JwtBearerOptions</c> itself; it uses a signing key only when
/// the key's issuer is one of the valid issuers, and decodes it at the first request. Both mistakes
/// would surface as every token being refused, so <see cref="AuthenticationSetup"/> reports them at start.
/// </remarks>
internal sealed record BearerSettings(string? Authority, IReadOnlyList<string> ValidIssuers, IReadOnlyList<string> ValidAudiences, IReadOnlyList<BearerSigningKey> SigningKeys)
{
    /// <summary>The configuration section: <c>Authentication:Schemes:Bearer</c>.</summary>
    public const string SectionName = "Authentication:Schemes:Bearer";

    /// <summary>Reads the section.</summary>
    /// <param name="configuration">The app's configuration.</param>
    public static BearerSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        return new BearerSettings(
            string.IsNullOrWhiteSpace(section["Authority"]) ? null : section["Authority"],
            ValueAndList(section, "ValidIssuer", "ValidIssuers"),
            ValueAndList(section, "ValidAudience", "ValidAudiences"),
            [.. section.GetSection("SigningKeys").GetChildren().Select(key => new BearerSigningKey(key.Path, key["Issuer"], key["Value"]))]);
    }

    /// <summary>The signing keys ASP.NET Core uses: those whose issuer is a valid issuer.</summary>
    public IEnumerable<BearerSigningKey> UsableSigningKeys => SigningKeys.Where(key => key.Issuer is not null && ValidIssuers.Contains(key.Issuer));

    private static List<string> ValueAndList(IConfigurationSection section, string single, string list)
    {
        var values = section.GetSection(list).GetChildren().Select(child => child.Value).ToList();
        values.Insert(0, section[single]);
        return [.. values.OfType<string>().Where(value => !string.IsNullOrWhiteSpace(value)).Distinct(StringComparer.Ordinal)];
    }
}
