using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace WebApiSample.Authentication;

/// <summary>
/// Declares the bearer scheme (<c>components.securitySchemes.Bearer</c>, HTTP bearer, JWT) in the
/// OpenAPI document, so clients and the /docs page know how to send a token.
/// </summary>
internal sealed class BearerSecuritySchemeTransformer : IOpenApiDocumentTransformer
{
    /// <summary>The scheme's name in the document: the ASP.NET Core scheme's, <c>Bearer</c>.</summary>
    public const string SchemeName = JwtBearerDefaults.AuthenticationScheme;

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT whose `sub` is the user id; creating shows needs the `organizer` role. " +
                "In Development, `POST /dev/tokens` issues one for any user.",
        };
        return Task.CompletedTask;
    }
}
