namespace WebApiSample.Authentication;

/// <summary>The roles the API knows, as they appear in a token's <c>role</c> claim.</summary>
/// <remarks>Buyers need no role: any authenticated user with a <c>sub</c> may hold and book.</remarks>
internal static class Roles
{
    /// <summary>May create shows (<c>POST /shows</c>).</summary>
    public const string Organizer = "organizer";

    /// <summary>Every known role.</summary>
    public static IReadOnlyList<string> All { get; } = [Organizer];
}
