using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SeatAllocation;
using WebApiSample.Authentication;
using WebApiSample.Contracts;
using WebApiSample.Problems;
using WebApiSample.RateLimiting;

namespace WebApiSample.Endpoints;

/// <summary><c>POST /shows</c> (organizers only) and <c>GET /shows/{showId}</c> (anyone, no token needed).</summary>
internal static class ShowEndpoints
{
    public static void MapShowEndpoints(this RouteGroupBuilder shows)
    {
        shows.MapPost("/", CreateAsync)
            .WithName("CreateShow")
            .WithTags("Shows")
            .WithSummary("Creates a show with named seats or a general-admission capacity.")
            .WithDescription(
                "Send `seats` (named seats) or `capacity` (general admission), not both. The show id is the natural idempotency key: " +
                "repeating the request cannot create a second show and is answered 409. `Idempotency-Key` is required, like on every state-changing POST. " +
                "Needs the `organizer` role.")
            .RequireAuthorization(AuthorizationPolicies.Organizer)
            .RequireRateLimiting(RateLimitingSetup.PerUserPolicy);

        shows.MapGet("/{showId}", GetAsync)
            .WithName("GetShow")
            .WithTags("Shows")
            .WithSummary("Reads a show's capacity and how much of it is available, held and booked right now.")
            .AllowAnonymous();
    }

    private static async Task<Results<Created<ShowResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateShowRequest body,
        [FromHeader(Name = IdempotencyKey.HeaderName), Required] string? idempotencyKey,
        IAllocationStrategy strategy,
        CancellationToken cancellationToken)
    {
        AllocationLimits.ThrowIfInvalidId(idempotencyKey);
        if ((body.Seats is null) == (body.Capacity is null))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["seats"] = ["Give either seats (named seats) or capacity (general admission), not both."] },
                title: "Invalid seats.");
        }

        var show = body.Seats is { } seatIds
            ? ShowDefinition.Seated(body.ShowId!, seatIds)
            : ShowDefinition.GeneralAdmission(body.ShowId!, body.Capacity!.Value);

        var location = $"/shows/{Uri.EscapeDataString(show.ShowId)}";
        return await strategy.CreateShowAsync(show, cancellationToken).ConfigureAwait(false) == CreateShowResult.Created
            ? TypedResults.Created(location, ShowResponse.New(show))
            : TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Show exists.",
                detail: $"A show with showId '{show.ShowId}' already exists; nothing was changed.",
                extensions: new Dictionary<string, object?> { ["location"] = location });
    }

    private static async Task<Results<Ok<ShowResponse>, ProblemHttpResult>> GetAsync(
        string showId,
        IAllocationStrategy strategy,
        CancellationToken cancellationToken)
    {
        var availability = await strategy.GetAvailabilityAsync(showId, cancellationToken).ConfigureAwait(false);
        return availability is null
            ? AllocationProblems.NotFound($"No show with showId '{showId}'.")
            : TypedResults.Ok(ShowResponse.From(availability));
    }
}
