using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SeatAllocation;
using WebApiSample.Contracts;
using WebApiSample.Problems;

namespace WebApiSample.Endpoints;

/// <summary>Bookings: book seats in one step (<c>POST</c>) or cancel a booking (<c>DELETE</c>).</summary>
internal static class BookingEndpoints
{
    public static void MapBookingEndpoints(this RouteGroupBuilder shows)
    {
        shows.MapPost("/{showId}/bookings", BookAsync)
            .WithName("BookSeats")
            .WithTags("Bookings")
            .WithSummary("Books specific seats, or any `quantity` seats, in one step: all or nothing.")
            .WithDescription("Replaying the same `Idempotency-Key` with the same body returns the original booking (header `Idempotent-Replayed: true`); with a different body it is answered 422.");

        shows.MapDelete("/{showId}/bookings/{bookingId}", CancelAsync)
            .WithName("CancelBooking")
            .WithTags("Bookings")
            .WithSummary("Cancels a booking so its seats go back on sale. Cancelling twice is answered 204 too.");
    }

    private static async Task<Results<Created<BookingResponse>, ProblemHttpResult>> BookAsync(
        string showId,
        SeatRequest body,
        [FromHeader(Name = IdempotencyKey.HeaderName), Required] string? idempotencyKey,
        IAllocationStrategy strategy,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var request = new AllocationRequest(showId, idempotencyKey!, body.UserId!, body.Seats, body.Quantity);
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
        [FromQuery] string? userId,
        IAllocationStrategy strategy,
        CancellationToken cancellationToken)
    {
        // Without ?userId= the id alone authorizes (it is unguessable); a real app checks the
        // authenticated user here and passes it as the reference's user.
        var status = await strategy.CancelAsync(new AllocationReference(showId, bookingId, userId), cancellationToken).ConfigureAwait(false);
        return status == ReleaseStatus.NotFound
            ? AllocationProblems.NotFound($"No booking with bookingId '{bookingId}'{(userId is null ? "" : " for this userId")} in show '{showId}'.")
            : TypedResults.NoContent();
    }
}
