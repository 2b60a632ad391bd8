using Microsoft.AspNetCore.Authentication.JwtBearer;
using WebApiSample.DevelopmentTokens;

namespace WebApiSample.Authentication;

/// <summary>
/// Bearer tokens (JWT) configured the ASP.NET Core way, from <c>Authentication:Schemes:Bearer</c>, and
/// the policies the endpoints require: any user with a <c>sub</c> for buying, the <c>organizer</c>
/// role for creating shows.
/// </summary>
/// <remarks>
/// Everything that can be wrong with the settings is reported at start with the setting to change,
/// like <see cref="Configuration.SeatAllocationSetup"/> does for the servers: outside Development an
/// app without any way to check tokens would answer every buyer 401.
/// </remarks>
internal static class AuthenticationSetup
{
    /// <summary>Registers authentication, authorization and, in Development, the token issuer behind <c>POST /dev/tokens</c>.</summary>
    /// <param name="builder">The application builder.</param>
    /// <exception cref="InvalidOperationException">The bearer settings are missing or would refuse every token.</exception>
    public static void AddSeatAllocationAuthentication(this WebApplicationBuilder builder)
    {
        var settings = BearerSettings.Read(builder.Configuration);
        RequireUsableSettings(settings, builder.Environment);

        // AddJwtBearer() binds Authentication:Schemes:Bearer (ValidIssuer, ValidAudiences, SigningKeys,
        // Authority, …) itself; this only adds what configuration should not change.
        var services = builder.Services;
        services.AddAuthentication().AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure(options =>
        {
            // Claims keep their token names: "sub" stays "sub" (not the nameidentifier URI), and roles
            // are the standard "role" claim, whatever the identity provider's .NET mapping would say.
            options.MapInboundClaims = false;
            options.TokenValidationParameters.NameClaimType = TokenClaims.Subject;
            options.TokenValidationParameters.RoleClaimType = TokenClaims.Role;

            // The framework reads SigningKeys into a lazy sequence that decodes the keys again on every
            // validation; read them once.
            if (options.TokenValidationParameters.IssuerSigningKeys is { } keys)
            {
                options.TokenValidationParameters.IssuerSigningKeys = [.. keys];
            }
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(AuthorizationPolicies.Buyer, policy => policy.RequireAuthenticatedUser().RequireClaim(TokenClaims.Subject))
            .AddPolicy(AuthorizationPolicies.Organizer, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Organizer));

        // 401 and 403 leave the body empty; UseStatusCodePages writes the problem, and this says why.
        var isDevelopment = builder.Environment.IsDevelopment();
        services.AddProblemDetails(options =>
        {
            var previous = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                previous?.Invoke(context);
                DescribeRefusal(context, isDevelopment);
            };
        });

        if (isDevelopment)
        {
            services.AddSingleton<DevelopmentTokenIssuer>();
        }
    }

    private static void DescribeRefusal(ProblemDetailsContext context, bool isDevelopment)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null)
        {
            return;
        }

        switch (problem.Status)
        {
            case StatusCodes.Status401Unauthorized:
                problem.Detail = context.HttpContext.Request.Headers.Authorization.Count == 0
                    ? "This operation needs a bearer token: send the header 'Authorization: Bearer <token>'."
                    : "The bearer token is not valid here (expired, wrongly signed, or for another issuer or audience); the WWW-Authenticate header says which.";
                if (isDevelopment)
                {
                    problem.Detail += $" In Development, POST {DevelopmentTokenEndpoints.Path} issues one.";
                }

                break;
            case StatusCodes.Status403Forbidden:
                problem.Detail = $"The token is valid but does not allow this operation: creating shows needs the '{Roles.Organizer}' role, and buying needs a '{TokenClaims.Subject}' claim.";
                break;
        }
    }

    private static void RequireUsableSettings(BearerSettings settings, IHostEnvironment environment)
    {
        var section = BearerSettings.SectionName;
        foreach (var key in settings.SigningKeys)
        {
            if (key.Issuer is null || !settings.ValidIssuers.Contains(key.Issuer))
            {
                throw new InvalidOperationException(
                    $"{key.Path}:Issuer is '{key.Issuer}', which is not {section}:ValidIssuer nor one of {section}:ValidIssuers, so the key would never be used. " +
                    "Give each signing key the issuer of the tokens it signs, and list that issuer as valid.");
            }

            key.Decode();
        }

        if (settings.SigningKeys.Count > 0)
        {
            return;
        }

        if (environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"In Development, POST {DevelopmentTokenEndpoints.Path} signs tokens with {section}:SigningKeys, but none is set. " +
                "appsettings.Development.json has a development key: restore it, or run in another environment with your identity provider.");
        }

        if (settings.Authority is null)
        {
            throw new InvalidOperationException(
                $"No bearer token settings in the {environment.EnvironmentName} environment, so no request could be authenticated. " +
                $"Set {section}:Authority to your identity provider (environment variable Authentication__Schemes__Bearer__Authority, " +
                $"with {section}:ValidAudiences), or {section}:ValidIssuer with {section}:SigningKeys (a list of {{ Issuer, Value }}, the value a base64 key " +
                "of at least 32 bytes). The development key in appsettings.Development.json is read only in Development.");
        }
    }
}
