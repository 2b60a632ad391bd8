namespace WebApiSample.Authentication;

/// <summary>The authorization policies endpoints name in <c>RequireAuthorization</c>.</summary>
internal static class AuthorizationPolicies
{
    /// <summary>
    /// Holds, bookings, confirmations, releases and cancellations: any authenticated user whose token
    /// has a <c>sub</c>, which becomes the allocation's user. A token without one (a service's
    /// client-credentials token, say) is answered 403 rather than acting for nobody.
    /// </summary>
    public const string Buyer = "buyer";

    /// <summary>Creating shows: the <c>organizer</c> role.</summary>
    public const string Organizer = "organizer";
}
