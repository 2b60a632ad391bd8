using System.Buffers.Text;
using System.Text;

namespace WebApiSample.Endpoints;

/// <summary>
/// The opaque <c>cursor</c> of <c>GET /shows</c>: the last show id of the previous page, base64url
/// encoded, so that clients pass it back instead of building it.
/// </summary>
internal static class ShowCursor
{
    public static string Encode(string showId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(showId));

    /// <summary>The show id in a cursor, or <see langword="null"/> when it is not one this API gave out.</summary>
    public static string? Decode(string cursor)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
