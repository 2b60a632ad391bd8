using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SeatAllocation;
using WebApiSample.Authentication;
using WebApiSample.Contracts;
using WebApiSample.Problems;
using WebApiSample.RateLimiting;

namespace WebApiSample.Endpoints;

/// <summary>Bookings: book seats in one step (<c>POST</c>) or cancel a booking (<c>DELETE</c>), as the authenticated user.</summary>
internal static class BookingEndpoints
{
    public static void MapBookingEndpoints(this RouteGroupBuilder shows)
    {
        shows.MapPost("/{showId}/bookings", BookAsync)
            .WithName("BookSeats")
            .WithTags("Bookings")
            .WithSummary("Books specific seats, or `quantity` seats (the best ones on a seat map), in one step: all or nothing.")
            .WithDescription(
                "The booking is the authenticated user's. Replaying the same `Idempotency-Key` with the same body returns the original booking (header `Idempotent-Replayed: true`); with a different body it is answered 422. " +
                HoldEndpoints.SeatRequestDescription)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status501NotImplemented)
            .RequireAuthorization(AuthorizationPolicies.Buyer)
            .RequireRateLimiting(RateLimitingSetup.PerUserPolicy);

        shows.MapDelete("/{showId}/bookings/{bookingId}", CancelAsync)
            .WithName("CancelBooking")
            .WithTags("Bookings")
            .WithSummary("Cancels the user's booking so its seats go back on sale. Cancelling twice is answered 204 too.")
            .WithDescription("Another user's booking is answered 404, like an unknown one.")
            .RequireAuthorization(AuthorizationPolicies.Buyer)
            .RequireRateLimiting(RateLimitingSetup.PerUserPolicy);
    }

    private static async Task<Results<Created<BookingResponse>, ProblemHttpResult>> BookAsync(
        string showId,
        SeatRequest body,
        [FromHeader(Name = IdempotencyKey.HeaderName), Required] string? idempotencyKey,
        IAllocationStrategy strategy,
        SeatMapLookup seatMaps,
        ClaimsPrincipal user,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var (request, problem) = await AllocationRequests.FromBodyAsync(showId, body, idempotencyKey, user.GetBuyerId(), seatMaps, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return problem!;
        }

        var result = await strategy.BookAsync(request, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return AllocationProblems.For(result, response, $"No show with showId '{showId}'.");
        }

        IdempotencyKey.MarkReplay(response, result.IsReplay);
        return TypedResults.Created((string?)null, BookingResponse.From(result.Allocation));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> CancelAsync(
        string showId,
        string bookingId,
        IAllocationStrategy strategy,
        ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var status = await strategy.CancelAsync(new AllocationReference(showId, bookingId, user.GetBuyerId()), cancellationToken).ConfigureAwait(false);
        return status == ReleaseStatus.NotFound
            ? AllocationProblems.NotFound($"No booking with bookingId '{bookingId}' of this user in show '{showId}'.")
            : TypedResults.NoContent();
    }
}
