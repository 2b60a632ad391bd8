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
            .WithSummary("Holds specific seats, or any `quantity` seats, until the hold expires: all or nothing.")
            .WithDescription("The hold is the authenticated user's. Replaying the same `Idempotency-Key` with the same body returns the original hold (header `Idempotent-Replayed: true`); with a different body it is answered 422.")
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

    private static async Task<Results<Created<HoldResponse>, ProblemHttpResult>> HoldAsync(
        string showId,
        SeatRequest body,
        [FromHeader(Name = IdempotencyKey.HeaderName), Required] string? idempotencyKey,
        IAllocationStrategy strategy,
        IOptions<SeatAllocationApiOptions> options,
        ClaimsPrincipal user,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var request = new AllocationRequest(showId, idempotencyKey!, user.GetBuyerId(), body.Seats, body.Quantity);
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
