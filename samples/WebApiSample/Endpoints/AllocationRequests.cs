using Microsoft.AspNetCore.Http.HttpResults;
using SeatAllocation;
using WebApiSample.Contracts;
using WebApiSample.Problems;

namespace WebApiSample.Endpoints;

/// <summary>Turns the body of <c>POST …/holds</c> or <c>POST …/bookings</c> into the library's request.</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>seats</c>: those seats. A best-available field beside them is a 400 naming it.</item>
/// <item>
/// <c>quantity</c> on a show with a seat map: the best seats (<see cref="AllocationRequest.BestAvailable"/>),
/// together unless <c>"together": false</c>, filtered by <c>category</c>, <c>section</c> and <c>accessible</c>.
/// </item>
/// <item>
/// <c>quantity</c> on any other show: any free seats or places, as before seat maps existed; a
/// best-available field is a 400 naming it, since there is no map to choose from.
/// </item>
/// </list>
/// Everything else (ids, counts, names) is left to the library's validation, which names the field.
/// </remarks>
internal static class AllocationRequests
{
    /// <summary>The request, or the problem to answer instead (400, or 404 for an unknown show).</summary>
    /// <exception cref="ArgumentException">The library refused an argument (answered 400 by <see cref="InvalidArgumentFilter"/>).</exception>
    public static async Task<(AllocationRequest? Request, ProblemHttpResult? Problem)> FromBodyAsync(
        string showId,
        SeatRequest body,
        string? idempotencyKey,
        string userId,
        SeatMapLookup seatMaps,
        CancellationToken cancellationToken)
    {
        AllocationLimits.ThrowIfInvalidId(idempotencyKey);
        var bestAvailableField = FirstBestAvailableField(body);
        if (body.Seats is not null || body.Quantity is null)
        {
            if (bestAvailableField is not null && body.Seats is not null)
            {
                return (null, Invalid(bestAvailableField, $"{bestAvailableField} applies to a quantity request; it cannot be given with seats."));
            }

            // Named seats; or neither, which the library refuses naming the field.
            return (new AllocationRequest(showId, idempotencyKey, userId, body.Seats, body.Quantity), null);
        }

        switch (await seatMaps.HasSeatMapAsync(showId, cancellationToken).ConfigureAwait(false))
        {
            case null:
                return (null, AllocationProblems.NotFound($"No show with showId '{showId}'."));
            case false when bestAvailableField is not null:
                return (null, Invalid(
                    bestAvailableField,
                    $"Show '{showId}' has no seat map, so {bestAvailableField} does not apply: together, category, section and accessible choose from a show created with seat objects."));
            case false:
                return (new AllocationRequest(showId, idempotencyKey, userId, quantity: body.Quantity), null);
            case true:
                var options = new BestAvailableOptions
                {
                    Together = body.Together ?? true,
                    Category = body.Category,
                    Section = body.Section,
                    Accessible = body.Accessible ?? false,
                };
                return (AllocationRequest.BestAvailable(showId, idempotencyKey, userId, body.Quantity.Value, options), null);
        }
    }

    /// <summary>The first best-available field the body gives, or <see langword="null"/> for none.</summary>
    private static string? FirstBestAvailableField(SeatRequest body) =>
        body.Together is not null ? "together"
        : body.Category is not null ? "category"
        : body.Section is not null ? "section"
        : body.Accessible is not null ? "accessible"
        : null;

    private static ProblemHttpResult Invalid(string field, string error) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [error] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = $"Invalid {field}.",
        });
}
