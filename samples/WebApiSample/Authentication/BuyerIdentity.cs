using System.Security.Claims;

namespace WebApiSample.Authentication;

/// <summary>Who is buying: the authenticated user's id, from the token's <c>sub</c>.</summary>
internal static class BuyerIdentity
{
    /// <summary>
    /// The buyer's user id: the token's <c>sub</c> claim. Endpoints that call this require
    /// <see cref="AuthorizationPolicies.Buyer"/>, which guarantees the claim, so its absence is a bug.
    /// </summary>
    /// <param name="user">The request's user.</param>
    /// <returns>The user id the library records as the allocation's owner.</returns>
    public static string GetBuyerId(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(TokenClaims.Subject)
            ?? throw new InvalidOperationException($"The user has no '{TokenClaims.Subject}' claim; the endpoint must require the {AuthorizationPolicies.Buyer} policy.");
    }
}
