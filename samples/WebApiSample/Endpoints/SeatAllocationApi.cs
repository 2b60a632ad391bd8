using WebApiSample.Caching;
using WebApiSample.Problems;

namespace WebApiSample.Endpoints;

/// <summary>Maps the whole booking API under <c>/shows</c>.</summary>
internal static class SeatAllocationApi
{
    /// <summary>The request timeout policy of every <c>/shows</c> endpoint (<c>SeatAllocation:RequestTimeout</c>).</summary>
    public const string RequestTimeoutPolicy = "seat-allocation";

    /// <summary>
    /// Maps shows, holds and bookings, with invalid arguments answered as 400 validation problems and
    /// features the strategy does not support as 501 problems.
    /// </summary>
    /// <param name="routes">The app.</param>
    /// <returns>The <c>/shows</c> group.</returns>
    public static RouteGroupBuilder MapSeatAllocationApi(this IEndpointRouteBuilder routes)
    {
        var shows = routes.MapGroup("/shows")
            .AddEndpointFilter<InvalidArgumentFilter>()
            .AddEndpointFilter<NotSupportedFilter>()
            .AddEndpointFilter<ShowCacheEvictionFilter>()
            .ProducesValidationProblem();
        shows.WithRequestTimeout(RequestTimeoutPolicy);
        shows.MapShowEndpoints();
        shows.MapHoldEndpoints();
        shows.MapBookingEndpoints();
        return shows;
    }
}
