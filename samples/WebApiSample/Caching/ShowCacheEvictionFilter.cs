using Microsoft.AspNetCore.OutputCaching;

namespace WebApiSample.Caching;

/// <summary>
/// After any request that may change a show (every method but GET and HEAD), evicts that show's
/// cached reads and every cached listing page from this instance's output cache.
/// </summary>
/// <remarks>It evicts whatever the answer was: a refused request changed nothing, and evicting costs little.</remarks>
internal sealed class ShowCacheEvictionFilter(IOutputCacheStore cache) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            return await next(context).ConfigureAwait(false);
        }

        try
        {
            return await next(context).ConfigureAwait(false);
        }
        finally
        {
            // Not the request's token: a client that gave up must not leave stale answers behind.
            if (request.RouteValues["showId"] is string showId)
            {
                await cache.EvictByTagAsync(ShowCachePolicy.ShowTag(showId), CancellationToken.None).ConfigureAwait(false);
            }

            await cache.EvictByTagAsync(ShowCachePolicy.ListingTag, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
