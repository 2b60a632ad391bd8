using SeatAllocation.SampleClient;

namespace SeatAllocation.RaceDemo;

/// <summary>
/// The demo's users and their bearer tokens, from the sample's <c>POST /dev/tokens</c> (the apps run in
/// Development and share the development key, so one app's tokens are good for all): an organizer who
/// creates the shows, the early bird who buys them up to the last seats, and one user per client.
/// </summary>
/// <param name="Organizer">The organizer's token.</param>
/// <param name="EarlyBird">The token of the user who books the seats sold before the rush.</param>
/// <param name="Clients">Client number <c>n</c>'s token (user <c>user-n</c>).</param>
internal sealed record RaceTokens(string Organizer, string EarlyBird, IReadOnlyList<string> Clients)
{
    /// <summary>Fetches every token before any race, so that no race times a token request.</summary>
    public static async Task<RaceTokens> FetchAsync(HttpClient http, Uri app, int clients)
    {
        var tokens = new DevelopmentTokenClient(http, app);
        var organizer = await tokens.GetAsync("organizer", ["organizer"]);
        var earlyBird = await tokens.GetAsync("early-bird");
        var users = new string[clients];
        await Parallel.ForAsync(0, clients, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, _) => users[n] = await tokens.GetAsync(ClientUserId(n)));
        return new RaceTokens(organizer, earlyBird, users);
    }

    /// <summary>Client number <paramref name="n"/>'s user id.</summary>
    public static string ClientUserId(int n) => $"user-{n}";
}
