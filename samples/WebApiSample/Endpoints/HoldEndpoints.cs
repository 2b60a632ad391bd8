using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SeatAllocation;
using WebApiSample.Configuration;
using WebApiSample.Contracts;
using WebApiSample.Problems;

namespace WebApiSample.Endpoints;

/// <summary>Holds: reserve seats for a while (<c>POST</c>), then confirm them into a booking or release them.</summary>
internal static class HoldEndpoints
{
    public static void MapHoldEndpoints(this RouteGroupBuilder shows)
    {
        shows.MapPost("/{showId}/holds", HoldAsync)
            .WithName("HoldSeats")
            .WithTags("Holds")
            .WithSummary("Holds specific seats, or any `quantity` seats, until the hold expires: all or nothing.")
            .WithDescription("Replaying the same `Idempotency-Key` with the same body returns the original hold (header `Idempotent-Replayed: true`); with a different body it is answered 422.");

        shows.MapPost("/{showId}/holds/{holdId}/confirm", ConfirmAsync)
            .WithName("ConfirmHold")
            .WithTags("Holds")
            .WithSummary("Turns the user's live hold into a booking with the same id. Confirming again returns the booking.");

        shows.MapDelete("/{showId}/holds/{holdId}", ReleaseAsync)
            .WithName("ReleaseHold")
            .WithTags("Holds")
            .WithSummary("Releases a hold so its seats go back on sale. Releasing twice, or an expired hold, is answered 204 too.");
    }

    private static async Task<Results<Created<HoldResponse>, ProblemHttpResult>> HoldAsync(
        string showId,
        SeatRequest body,
        [FromHeader(Name = IdempotencyKey.HeaderName), Required] string? idempotencyKey,
        IAllocationStrategy strategy,
        IOptions<SeatAllocationApiOptions> options,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var request = new AllocationRequest(showId, idempotencyKey!, body.UserId!, body.Seats, body.Quantity);
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
        ConfirmHoldRequest body,
        [FromHeader(Name = IdempotencyKey.HeaderName), Required] string? idempotencyKey,
        IAllocationStrategy strategy,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        // Confirming is idempotent by the hold id itself (a second confirmation returns the booking);
        // the key is still required so that clients follow one rule for every state-changing POST.
        AllocationLimits.ThrowIfInvalidId(idempotencyKey);

        // Required here: a reference without a user acts for anyone, which is for administrators.
        AllocationLimits.ThrowIfInvalidId(body.UserId, "userId");
        var result = await strategy.ConfirmAsync(new AllocationReference(showId, holdId, body.UserId), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return AllocationProblems.For(result, response, $"No hold with holdId '{holdId}' for this userId in show '{showId}'.");
        }

        IdempotencyKey.MarkReplay(response, result.IsReplay);
        return TypedResults.Created((string?)null, BookingResponse.From(result.Allocation));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ReleaseAsync(
        string showId,
        string holdId,
        [FromQuery] string? userId,
        IAllocationStrategy strategy,
        CancellationToken cancellationToken)
    {
        // Without ?userId= the id alone authorizes (it is unguessable); a real app checks the
        // authenticated user here and passes it as the reference's user.
        var status = await strategy.ReleaseAsync(new AllocationReference(showId, holdId, userId), cancellationToken).ConfigureAwait(false);
        return status == ReleaseStatus.NotFound
            ? AllocationProblems.NotFound($"No hold with holdId '{holdId}'{(userId is null ? "" : " for this userId")} in show '{showId}'.")
            : TypedResults.NoContent();
    }
}
