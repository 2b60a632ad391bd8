using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SeatAllocation;
using WebApiSample.Authentication;
using WebApiSample.Caching;
using WebApiSample.Contracts;
using WebApiSample.Problems;
using WebApiSample.RateLimiting;

namespace WebApiSample.Endpoints;

/// <summary>
/// <c>POST /shows</c> (organizers only), <c>GET /shows/{showId}</c>, <c>GET /shows/{showId}/seats</c> and
/// <c>GET /shows</c> (anyone, no token needed).
/// </summary>
internal static class ShowEndpoints
{
    public static void MapShowEndpoints(this RouteGroupBuilder shows)
    {
        shows.MapPost("/", CreateAsync)
            .WithName("CreateShow")
            .WithTags("Shows")
            .WithSummary("Creates a show with named seats, a seat map, or a general-admission capacity.")
            .WithDescription(
                "Send `seats` (named seats) or `capacity` (general admission), not both. `seats` is either seat ids (`[\"A1\",\"A2\"]`) or seat " +
                "objects that make a seat map (`[{\"id\":\"A1\",\"section\":\"Stalls\",\"row\":\"A\",\"position\":1,\"category\":\"Premium\"}]`, " +
                "with optional `category`, `rank` (lower is better) and `accessible`), never a mix. Optional `maxSeatsPerUser` limits the places one " +
                "buyer may have in the show at once; optional `maxHoldLifetimeSeconds` (1 to 86400, default a day) caps how long a hold may live, " +
                "however often it is extended. Replaying the same `Idempotency-Key` with the same body " +
                "answers 201 again (header `Idempotent-Replayed: true`) and creates nothing; with a different body it is answered 422. " +
                "A show id already taken by another request is answered 409. Needs the `organizer` role. " +
                HoldEndpoints.NotSupportedDescription)
            .ProducesProblem(StatusCodes.Status501NotImplemented)
            .RequireAuthorization(AuthorizationPolicies.Organizer)
            .RequireRateLimiting(RateLimitingSetup.PerUserPolicy);

        shows.MapGet("/{showId}", GetAsync)
            .WithName("GetShow")
            .WithTags("Shows")
            .WithSummary("Reads a show's capacity and how much of it is available, held and booked right now.")
            .WithDescription("A show with a seat map also has `sections` and, when its seats have categories, `categories`: each one's `capacity` and `available` seats, by name.")
            .CacheOutput(ShowCachePolicy.Name)
            .AllowAnonymous();

        shows.MapGet("/{showId}/seats", GetSeatsAsync)
            .WithName("GetShowSeats")
            .WithTags("Shows")
            .WithSummary("Lists every seat of a show and whether it is free, held or booked, for drawing a seat map.")
            .WithDescription(
                "Each seat has `id` and `status` (`free`, `held` or `booked`); on a seat map also `section`, `row`, `position`, `category` (when it has one), " +
                "`accessible` and `rank`. A general-admission show has no seats (an empty list). " +
                HoldEndpoints.NotSupportedDescription)
            .ProducesProblem(StatusCodes.Status501NotImplemented)
            .CacheOutput(ShowCachePolicy.Name)
            .AllowAnonymous();

        shows.MapGet("/", ListAsync)
            .WithName("ListShows")
            .WithTags("Shows")
            .WithSummary("Lists shows with their availability, a page at a time, in order of show id.")
            .WithDescription($"`limit`: 1 to {MaxPageSize} shows, default {DefaultPageSize}. Pass the answer's `nextCursor` as `cursor` for the next page; it is null on the last.")
            .CacheOutput(ShowCachePolicy.Name)
            .AllowAnonymous();
    }

    private const int DefaultPageSize = 20;
    private const int MaxPageSize = 100;

    private static async Task<Results<Ok<ShowListResponse>, ValidationProblem>> ListAsync(
        int? limit,
        string? cursor,
        IShowCatalog catalog,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxPageSize)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {MaxPageSize}."] }, title: "Invalid limit.");
        }

        string? after = null;
        if (cursor is not null && (after = ShowCursor.Decode(cursor)) is null or "")
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["cursor"] = ["cursor is not one this API gave out: pass nextCursor from the previous page."] }, title: "Invalid cursor.");
        }

        var page = await catalog.ListShowsAsync(limit ?? DefaultPageSize, after, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ShowListResponse(
            [.. page.Shows.Select(ShowResponse.From)],
            page.NextAfter is { } next ? ShowCursor.Encode(next) : null));
    }

    private static async Task<Results<Created<ShowResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateShowRequest body,
        [FromHeader(Name = IdempotencyKey.HeaderName), Required] string? idempotencyKey,
        IAllocationStrategy strategy,
        SeatMapLookup seatMaps,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        AllocationLimits.ThrowIfInvalidId(idempotencyKey);
        if ((body.Seats is null) == (body.Capacity is null))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["seats"] = ["Give either seats (named seats) or capacity (general admission), not both."] },
                title: "Invalid seats.");
        }

        if (body.Seats?.MixedAt is { } mixedAt)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["seats"] = [$"seats must be all seat ids (strings) or all seat objects, but seats[{mixedAt}] is not like seats[0]."] },
                title: "Invalid seats.");
        }

        var mostSeconds = (int)AllocationLimits.MaxHoldDuration.TotalSeconds;
        if (body.MaxHoldLifetimeSeconds is < 1 || body.MaxHoldLifetimeSeconds > mostSeconds)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["maxHoldLifetimeSeconds"] = [$"maxHoldLifetimeSeconds must be between 1 and {mostSeconds}."] },
                title: "Invalid maxHoldLifetimeSeconds.");
        }

        var show = body.Seats switch
        {
            { IsSeatMap: true } map => ShowDefinition.Seated(body.ShowId!, map.SeatMap.Select(seat => seat?.ToSeatMapSeat()!)),
            { } plain => ShowDefinition.Seated(body.ShowId!, plain.SeatIds.Select(id => id!)),
            null => ShowDefinition.GeneralAdmission(body.ShowId!, body.Capacity!.Value),
        };
        if (body.MaxSeatsPerUser is { } maxSeatsPerUser)
        {
            show = show.WithMaxSeatsPerUser(maxSeatsPerUser);
        }

        if (body.MaxHoldLifetimeSeconds is { } maxHoldLifetimeSeconds)
        {
            show = show.WithMaxHoldLifetime(TimeSpan.FromSeconds(maxHoldLifetimeSeconds));
        }

        // The key goes to the library with the show, as it does with holds and bookings: the library
        // records it in the show's own row, in the same statement that creates the show, so a replay
        // is recognised by every instance and after a restart, and concurrent replays create one show.
        var location = $"/shows/{Uri.EscapeDataString(show.ShowId)}";
        var result = await strategy.CreateShowAsync(show.WithRequestId(idempotencyKey!), cancellationToken).ConfigureAwait(false);
        switch (result)
        {
            case CreateShowResult.Created or CreateShowResult.Replayed:
                seatMaps.Remember(show);
                // A replay answers what the creation answered: the show as it was created, not as it is now.
                IdempotencyKey.MarkReplay(response, result == CreateShowResult.Replayed);
                return TypedResults.Created(location, ShowResponse.New(show));
            case CreateShowResult.IdempotencyKeyReused:
                return AllocationProblems.IdempotencyKeyReused();
            case CreateShowResult.AlreadyExists:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Show exists.",
                    detail: $"A show with showId '{show.ShowId}' was already created by another request; nothing was changed.",
                    extensions: new Dictionary<string, object?> { ["location"] = location });
            default:
                throw new UnreachableException($"No response for {result}.");
        }
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

    private static async Task<Results<Ok<SeatMapResponse>, ProblemHttpResult>> GetSeatsAsync(
        string showId,
        IShowCatalog catalog,
        CancellationToken cancellationToken)
    {
        var seats = await catalog.GetSeatsAsync(showId, cancellationToken).ConfigureAwait(false);
        return seats is null
            ? AllocationProblems.NotFound($"No show with showId '{showId}'.")
            : TypedResults.Ok(new SeatMapResponse(showId, [.. seats.Select(SeatResponse.From)]));
    }
}
