using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using WebApiSample.Configuration;

namespace WebApiSample.Caching;

/// <summary>
/// Caches show reads (availability and listings) for <see cref="SeatAllocationApiOptions.ShowCacheDuration"/>,
/// tagged so that <see cref="ShowCacheEvictionFilter"/> can evict them when a show changes.
/// </summary>
/// <remarks>
/// Unlike ASP.NET Core's default policy it caches requests that carry an <c>Authorization</c>
/// header too: these answers are the same for every caller.
/// </remarks>
internal sealed class ShowCachePolicy(IOptions<SeatAllocationApiOptions> options) : IOutputCachePolicy
{
    /// <summary>The policy's name, for <c>CacheOutput</c>.</summary>
    public const string Name = "shows";

    /// <summary>The tag of every listing page: any change to any show evicts them all.</summary>
    public const string ListingTag = "shows";

    /// <summary>The tag of one show's reads.</summary>
    public static string ShowTag(string showId) => "show:" + showId;

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var duration = options.Value.ShowCacheDuration;
        var request = context.HttpContext.Request;
        var enabled = duration > TimeSpan.Zero && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method));
        context.EnableOutputCaching = enabled;
        context.AllowCacheLookup = enabled;
        context.AllowCacheStorage = enabled;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = duration;
        context.CacheVaryByRules.QueryKeys = "*";
        context.Tags.Add(request.RouteValues["showId"] is string showId ? ShowTag(showId) : ListingTag);
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // Only successful reads: a 404 for a show about to be created must not outlive its creation
        // elsewhere, and problems carry per-request trace ids.
        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
