using Microsoft.AspNetCore.Http.HttpResults;
using SeatAllocation;
using WebApiSample.Authentication;
using WebApiSample.Problems;

namespace WebApiSample.DevelopmentTokens;

/// <summary>
/// <c>POST /dev/tokens</c>: a signed token for any user and roles, in the Development environment
/// only. In every other environment the route is not mapped at all (404), and tokens come from the
/// identity provider configured in <c>Authentication:Schemes:Bearer</c>.
/// </summary>
internal static class DevelopmentTokenEndpoints
{
    /// <summary>The route.</summary>
    public const string Path = "/dev/tokens";

    /// <summary>Maps <c>POST /dev/tokens</c> when the app runs in Development; otherwise does nothing.</summary>
    /// <param name="app">The app.</param>
    public static void MapDevelopmentTokens(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return;
        }

        app.MapPost(Path, Issue)
            .WithName("IssueDevelopmentToken")
            .WithTags("Development")
            .WithSummary("Development only: issues a bearer token for any user id and roles, signed with the development key.")
            .WithDescription("Send the token as `Authorization: Bearer <token>`. `roles: [\"organizer\"]` may create shows; a buyer needs no role. This route does not exist outside the Development environment.")
            .AllowAnonymous()
            .AddEndpointFilter<InvalidArgumentFilter>()
            .ProducesValidationProblem();
    }

    private static Results<Ok<DevelopmentTokenResponse>, ValidationProblem> Issue(DevelopmentTokenRequest body, DevelopmentTokenIssuer issuer)
    {
        // The token's sub becomes the allocations' user id, so it obeys the library's id rules.
        AllocationLimits.ThrowIfInvalidId(body.UserId, "userId");
        var roles = body.Roles ?? [];
        var unknown = roles.Where(role => role is null || !Roles.All.Contains(role)).ToList();
        if (unknown.Count > 0)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["roles"] = [$"Unknown role {string.Join(", ", unknown.Select(role => role is null ? "null" : $"'{role}'"))}. Known roles: {string.Join(", ", Roles.All)}."],
                },
                title: "Invalid roles.");
        }

        return TypedResults.Ok(issuer.Issue(body.UserId, [.. roles.OfType<string>().Distinct(StringComparer.Ordinal)]));
    }
}
