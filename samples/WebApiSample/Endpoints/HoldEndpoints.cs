using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SeatAllocation;
using WebApiSample.Authentication;
using WebApiSample.Configuration;
using WebApiSample.Contracts;
using WebApiSample.Problems;
using WebApiSample.RateLimiting;

namespace WebApiSample.Endpoints;

/// <summary>Holds: reserve seats for a while (<c>POST</c>), then confirm them into a booking or release them.</summary>
/// <remarks>
/// Every route acts for the authenticated user (the token's <c>sub</c>): a hold belongs to whoever
/// made it, and another user's hold is answered 404, exactly as an unknown one, so its id reveals nothing.
/// </remarks>
internal static class HoldEndpoints
{
    public static void MapHoldEndpoints(this RouteGroupBuilder shows)
    {
        shows.MapPost("/{showId}/holds", HoldAsync)
            .WithName("HoldSeats")
            .WithTags("Holds")
            .WithSummary("Holds specific seats, or `quantity` seats (the best ones on a seat map), until the hold expires: all or nothing.")
            .WithDescription(
                "The hold is the authenticated user's. Replaying the same `Idempotency-Key` with the same body returns the original hold (header `Idempotent-Replayed: true`); with a different body it is answered 422. " +
                SeatRequestDescription)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status501NotImplemented)
            .RequireAuthorization(AuthorizationPolicies.Buyer)
            .RequireRateLimiting(RateLimitingSetup.PerUserPolicy);

        shows.MapPost("/{showId}/holds/{holdId}/extend", ExtendAsync)
            .WithName("ExtendHold")
            .WithTags("Holds")
            .WithSummary("Makes the user's live hold expire `seconds` later, within the show's cap on a hold's life.")
            .WithDescription(
                "Answers the hold with its new `expiresAt`. Past the show's `maxHoldLifetimeSeconds` (counted from when the hold was made; a day by default) it is answered 409 " +
                $"with `code` `{AllocationProblems.Codes.HoldLifetimeCap}` and the hold is unchanged; an expired hold is answered 410; another user's hold 404, like an unknown one. " +
                "Not idempotent, so no `Idempotency-Key` is needed: each call moves the expiry again, and the cap bounds repeats. " +
                NotSupportedDescription)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status501NotImplemented)
            .RequireAuthorization(AuthorizationPolicies.Buyer)
            .RequireRateLimiting(RateLimitingSetup.PerUserPolicy);

        shows.MapPost("/{showId}/holds/{holdId}/confirm", ConfirmAsync)
            .WithName("ConfirmHold")
            .WithTags("Holds")
            .WithSummary("Turns the user's live hold into a booking with the same id. Confirming again returns the booking.")
            .WithDescription("Another user's hold is answered 404, like an unknown one.")
            .RequireAuthorization(AuthorizationPolicies.Buyer)
            .RequireRateLimiting(RateLimitingSetup.PerUserPolicy);

        shows.MapDelete("/{showId}/holds/{holdId}", ReleaseAsync)
            .WithName("ReleaseHold")
            .WithTags("Holds")
            .WithSummary("Releases the user's hold so its seats go back on sale. Releasing twice, or an expired hold, is answered 204 too.")
            .WithDescription("Another user's hold is answered 404, like an unknown one.")
            .RequireAuthorization(AuthorizationPolicies.Buyer)
            .RequireRateLimiting(RateLimitingSetup.PerUserPolicy);
    }

    /// <summary>How the body of a hold or a booking is read: the same text in both routes' descriptions.</summary>
    public const string SeatRequestDescription =
        "Send `seats` (those seats) or `quantity`. On a show created with a seat map, `quantity` takes the best seats available: together " +
        "(adjacent in one row) unless `together` is false, optionally only of a `category` or `section`, or `accessible` ones; the answer says " +
        "`together`. Seats that are free but not together are answered 409 with `code` `not_enough_together`. On other shows `quantity` takes any " +
        "free seats, and `together`, `category`, `section` and `accessible` are a 400. Over the show's `maxSeatsPerUser` it is answered 409 with " +
        "`code` `per_user_limit`. " +
        NotSupportedDescription;

    /// <summary>When a route answers 501: the same text in every route that may.</summary>
    public const string NotSupportedDescription =
        $"A server whose allocation strategy does not support the request answers 501 with `code` `{AllocationProblems.Codes.NotSupported}` " +
        "and changes nothing; the library's strategies support every request, so only a server running a strategy of its own does.";

    private static async Task<Results<Created<HoldResponse>, ProblemHttpResult>> HoldAsync(
        string showId,
        SeatRequest body,
        [FromHeader(Name = IdempotencyKey.HeaderName), Required] string? idempotencyKey,
        IAllocationStrategy strategy,
        SeatMapLookup seatMaps,
        IOptions<SeatAllocationApiOptions> options,
        ClaimsPrincipal user,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var (request, problem) = await AllocationRequests.FromBodyAsync(showId, body, idempotencyKey, user.GetBuyerId(), seatMaps, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return problem!;
        }

        var result = await strategy.HoldAsync(request, options.Value.HoldDuration, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return AllocationProblems.For(result, response, $"No show with showId '{showId}'.");
        }

        IdempotencyKey.MarkReplay(response, result.IsReplay);
        return TypedResults.Created((string?)null, HoldResponse.From(result.Allocation));
    }

    private static async Task<Results<Created<BookingResponse>, ProblemHttpResult>> ConfirmAsync(
        string showId,
        string holdId,
        [FromHeader(Name = IdempotencyKey.HeaderName), Required] string? idempotencyKey,
        IAllocationStrategy strategy,
        ClaimsPrincipal user,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        // Confirming is idempotent by the hold id itself (a second confirmation returns the booking);
        // the key is still required so that clients follow one rule for every state-changing POST.
        AllocationLimits.ThrowIfInvalidId(idempotencyKey);

        // Always the token's user: a reference without a user acts for anyone, which is for administrators.
        var result = await strategy.ConfirmAsync(new AllocationReference(showId, holdId, user.GetBuyerId()), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return AllocationProblems.For(result, response, $"No hold with holdId '{holdId}' of this user in show '{showId}'.");
        }

        IdempotencyKey.MarkReplay(response, result.IsReplay);
        return TypedResults.Created((string?)null, BookingResponse.From(result.Allocation));
    }

    private static async Task<Results<Ok<HoldResponse>, ProblemHttpResult>> ExtendAsync(
        string showId,
        string holdId,
        ExtendHoldRequest body,
        IAllocationStrategy strategy,
        ClaimsPrincipal user,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        // Checked here rather than by the library, whose limit is a TimeSpan: the client speaks seconds.
        var most = (int)AllocationLimits.MaxHoldDuration.TotalSeconds;
        if (body.Seconds is not { } seconds || seconds < 1 || seconds > most)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { ["seconds"] = [$"seconds is required: how many seconds later the hold is to expire, 1 to {most}."] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Invalid seconds.",
            });
        }

        var hold = new AllocationReference(showId, holdId, user.GetBuyerId());
        var result = await strategy.ExtendAsync(hold, TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? TypedResults.Ok(HoldResponse.From(result.Allocation))
            : AllocationProblems.For(result, response, $"No hold with holdId '{holdId}' of this user in show '{showId}'.");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ReleaseAsync(
        string showId,
        string holdId,
        IAllocationStrategy strategy,
        ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var status = await strategy.ReleaseAsync(new AllocationReference(showId, holdId, user.GetBuyerId()), cancellationToken).ConfigureAwait(false);
        return status == ReleaseStatus.NotFound
            ? AllocationProblems.NotFound($"No hold with holdId '{holdId}' of this user in show '{showId}'.")
            : TypedResults.NoContent();
    }
}
