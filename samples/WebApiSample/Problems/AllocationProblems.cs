using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using SeatAllocation;

namespace WebApiSample.Problems;

/// <summary>Maps the library's answers that are not a success to RFC 9457 problem responses.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Unavailable</term><description>409: the seats are taken or do not exist, or too few are free (<c>unavailableSeats</c> lists named ones). Retrying the same request will not help.</description></item>
/// <item><term>NotEnoughTogether</term><description>409 <c>not_enough_together</c>: no block of adjacent seats fits a best-available request, though enough seats are free apart.</description></item>
/// <item><term>PerUserLimitReached</term><description>409 <c>per_user_limit</c>: the buyer's live holds and bookings would exceed the show's <c>maxSeatsPerUser</c>.</description></item>
/// <item><term>HoldLifetimeCapReached</term><description>409 <c>hold_lifetime_cap</c>: the extension would make the hold outlive the show's <c>maxHoldLifetimeSeconds</c>; the hold is unchanged.</description></item>
/// <item><term>HoldExpired</term><description>410: the hold expired; its seats are back on sale.</description></item>
/// <item><term>NotFound</term><description>404: no such show, or no such hold or booking of that user.</description></item>
/// <item><term>IdempotencyKeyReused</term><description>422: the key was used with a different body (as the IETF Idempotency-Key draft recommends).</description></item>
/// <item><term>Contended</term><description>
/// 503 with <c>Retry-After: 1</c>: the request lost its races or waited too long for a lock while
/// seats were still free. Unlike 409 it is transient, and a retry with the same key is safe.
/// </description></item>
/// </list>
/// The three newer 409s carry a <c>code</c> extension (<see cref="Codes"/>), so a client can tell them
/// from "seats unavailable" and from each other without parsing the text.
/// </remarks>
internal static class AllocationProblems
{
    /// <summary>The <c>code</c> of problems a client is expected to act on differently.</summary>
    public static class Codes
    {
        /// <summary>Best-available seats are free, but not enough of them together: ask again with <c>"together": false</c>, or for fewer.</summary>
        public const string NotEnoughTogether = "not_enough_together";

        /// <summary>The buyer has as many places in the show as it allows one buyer.</summary>
        public const string PerUserLimit = "per_user_limit";

        /// <summary>The hold cannot be extended further; confirm it or let it go.</summary>
        public const string HoldLifetimeCap = "hold_lifetime_cap";

        /// <summary>The server's allocation strategy, one of its own, does not support the request (a 501); no built-in strategy answers it.</summary>
        public const string NotSupported = "not_supported";
    }

    /// <summary>The problem for a result that did not succeed.</summary>
    /// <param name="result">The library's answer.</param>
    /// <param name="response">The response, for the <c>Retry-After</c> header.</param>
    /// <param name="notFound">What was not found, in words, for the 404 detail.</param>
    public static ProblemHttpResult For(AllocationResult result, HttpResponse response, string notFound)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(response);
        return result.Status switch
        {
            AllocationStatus.Unavailable => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Seats unavailable.",
                detail: result.UnavailableSeatIds.Count > 0
                    ? $"These seats are taken or do not exist: {string.Join(", ", result.UnavailableSeatIds)}."
                    : "Not enough seats are free.",
                extensions: new Dictionary<string, object?> { ["unavailableSeats"] = result.UnavailableSeatIds }),
            AllocationStatus.NotEnoughTogether => Conflict(
                Codes.NotEnoughTogether,
                "Not enough seats together.",
                "No block of that many adjacent seats is free, though enough seats are free apart. Ask again with \"together\": false to split the group, or for fewer seats."),
            AllocationStatus.PerUserLimitReached => Conflict(
                Codes.PerUserLimit,
                "Per-buyer limit reached.",
                "This would take you past the show's limit of places per buyer; your live holds and bookings in the show count against it. Nothing was allocated."),
            AllocationStatus.HoldLifetimeCapReached => Conflict(
                Codes.HoldLifetimeCap,
                "Hold lifetime cap reached.",
                "Extending the hold this much would make it live longer than the show allows a hold to live; it is unchanged. Confirm it before it expires, or extend it by less."),
            AllocationStatus.HoldExpired => TypedResults.Problem(
                statusCode: StatusCodes.Status410Gone,
                title: "Hold expired.",
                detail: "The hold expired; its seats are back on sale."),
            AllocationStatus.NotFound => NotFound(notFound),
            AllocationStatus.IdempotencyKeyReused => IdempotencyKeyReused(),
            AllocationStatus.Contended => RetryLater(response),
            _ => throw new UnreachableException($"No problem for {result.Status}."),
        };
    }

    /// <summary>The 422 problem for an <c>Idempotency-Key</c> already used with a different body, on any <c>POST</c>.</summary>
    public static ProblemHttpResult IdempotencyKeyReused() =>
        TypedResults.Problem(new HttpValidationProblemDetails(
            new Dictionary<string, string[]>
            {
                [IdempotencyKey.HeaderName] = ["This key was already used for a request with a different body. Use a new key for a new request."],
            })
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Idempotency key reused.",
        });

    /// <summary>A 404 problem.</summary>
    /// <param name="detail">What was not found.</param>
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: detail);

    private static ProblemHttpResult Conflict(string code, string title, string detail) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: title,
            detail: detail,
            extensions: new Dictionary<string, object?> { ["code"] = code });

    private static ProblemHttpResult RetryLater(HttpResponse response)
    {
        response.Headers.RetryAfter = "1";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Busy, try again.",
            detail: "The seats were contended and the request gave up without allocating anything. Retry with the same Idempotency-Key.");
    }
}
