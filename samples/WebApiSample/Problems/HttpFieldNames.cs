using System.Text.RegularExpressions;

namespace WebApiSample.Problems;

/// <summary>
/// Translates the library's parameter names (in <see cref="ArgumentException.ParamName"/> and its
/// message) into the names an HTTP client sees: the JSON field, route value or header.
/// </summary>
internal static partial class HttpFieldNames
{
    /// <summary>Maps a library parameter name to the HTTP field, or returns <see langword="null"/> for a parameter no client input reaches.</summary>
    /// <param name="paramName">The library's parameter name.</param>
    /// <param name="routeValues">The request's route values, to tell a hold id from a booking id.</param>
    public static string? FromParameter(string? paramName, RouteValueDictionary routeValues) => paramName switch
    {
        "showId" or "userId" or "quantity" or "capacity" or "maxSeatsPerUser" => paramName,
        "Category" => "category",
        "Section" => "section",
        "seatIds" or "seats" => "seats",
        "requestId" or "idempotencyKey" => IdempotencyKey.HeaderName,
        "allocationId" when routeValues.ContainsKey("holdId") => "holdId",
        "allocationId" when routeValues.ContainsKey("bookingId") => "bookingId",
        _ => null,
    };

    /// <summary>
    /// The exception's message in HTTP terms: without the "(Parameter '…')" and "Actual value was …"
    /// suffixes .NET adds, and with library names replaced by HTTP ones.
    /// </summary>
    public static string Message(ArgumentException exception, RouteValueDictionary routeValues)
    {
        var message = exception.Message;
        var suffix = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (suffix >= 0)
        {
            message = message[..suffix];
        }

        message = LibraryName().Replace(message, match => FromParameter(match.Value, routeValues) ?? match.Value);

        // A seat map's fields, as in "seats[3] (seat 'A4').Position must be …": the JSON names.
        return SeatField().Replace(message, match => "." + char.ToLowerInvariant(match.Groups[1].Value[0]) + match.Groups[1].Value[1..]);
    }

    [GeneratedRegex(@"\b(seatIds|requestId|idempotencyKey|allocationId|Category|Section)\b")]
    private static partial Regex LibraryName();

    [GeneratedRegex(@"\.(Id|Section|Row|Position|Category|Accessible|Rank)\b")]
    private static partial Regex SeatField();
}
