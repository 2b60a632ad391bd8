using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;

namespace SeatAllocation.SampleClient;

/// <summary>
/// Bearer tokens from the Web API sample's <c>POST /dev/tokens</c>, which exists when the app runs in
/// the Development environment: one request per user and set of roles, then the same token again.
/// </summary>
/// <param name="http">A client that can reach the app; no token is needed for this route.</param>
/// <param name="appAddress">The app's root, e.g. <c>http://127.0.0.1:5080/</c>. Any instance sharing the development key will do.</param>
public sealed class DevelopmentTokenClient(HttpClient http, Uri appAddress)
{
    /// <summary>The route that issues tokens.</summary>
    public const string Path = "dev/tokens";

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> tokens = new(StringComparer.Ordinal);

    /// <summary>The token of <paramref name="userId"/> with <paramref name="roles"/>, fetched on first use.</summary>
    /// <param name="userId">The user (the token's <c>sub</c>).</param>
    /// <param name="roles">The roles, such as <c>organizer</c>; none for a buyer.</param>
    /// <returns>The signed token, for <c>Authorization: Bearer …</c>.</returns>
    /// <exception cref="InvalidOperationException">The app did not issue a token (not in Development, or the request was refused).</exception>
    public async Task<string> GetAsync(string userId, IReadOnlyCollection<string>? roles = null)
    {
        var sortedRoles = (roles ?? []).Order(StringComparer.Ordinal).ToArray();
        var key = userId + "\n" + string.Join("\n", sortedRoles);
        var token = tokens.GetOrAdd(key, _ => new Lazy<Task<string>>(() => FetchAsync(userId, sortedRoles)));
        try
        {
            return await token.Value.ConfigureAwait(false);
        }
        catch
        {
            // A failed fetch is not remembered: the next caller asks again.
            tokens.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(key, token));
            throw;
        }
    }

    private async Task<string> FetchAsync(string userId, string[] roles)
    {
        using var response = await http.PostAsJsonAsync(new Uri(appAddress, Path), new { userId, roles }).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"POST /{Path} for '{userId}' answered {(int)response.StatusCode}: {text} (the route exists only when the app runs in the Development environment).");
        }

        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("token").GetString()
            ?? throw new InvalidOperationException($"POST /{Path} answered without a token: {text}");
    }
}
