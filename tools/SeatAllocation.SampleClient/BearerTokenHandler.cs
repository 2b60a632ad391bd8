using System.Net.Http.Headers;

namespace SeatAllocation.SampleClient;

/// <summary>
/// Sends every request as one user: adds <c>Authorization: Bearer …</c> with that user's token from
/// <see cref="DevelopmentTokenClient"/>, unless the request already carries an Authorization header.
/// </summary>
/// <param name="tokens">Where the token comes from.</param>
/// <param name="userId">The user.</param>
/// <param name="roles">The user's roles.</param>
public sealed class BearerTokenHandler(DevelopmentTokenClient tokens, string userId, IReadOnlyCollection<string> roles) : DelegatingHandler
{
    /// <summary>The user this handler acts as.</summary>
    public string UserId => userId;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(userId, roles).ConfigureAwait(false));
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
