using SeatAllocation;

namespace WebApiSample.Problems;

/// <summary>
/// Answers <c>501 Not Implemented</c> (problem <c>code</c> <c>not_supported</c>) when the configured
/// strategy does not support what the request needs, instead of a 500.
/// </summary>
/// <remarks>
/// A guard for strategies of the user's own: nothing in the library throws
/// <see cref="NotSupportedException"/> today (every built-in strategy supports seat maps,
/// best-available requests, per-buyer limits, hold lifetime caps, hold extension and seat lists), but
/// a strategy of your own may throw it, before changing anything, for a request it cannot serve. The
/// request is well formed and would succeed on another strategy, so it is not a 400; it is not
/// transient either, so it is not a 503. Nothing was changed.
/// </remarks>
internal sealed partial class NotSupportedFilter(IAllocationStrategy strategy, ILogger<NotSupportedFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (NotSupportedException ex)
        {
            var request = context.HttpContext.Request;
            LogNotSupported(logger, strategy.Name, request.Method, request.Path.Value ?? "", ex.Message);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status501NotImplemented,
                title: "Not supported by this server's allocation strategy.",
                detail: $"The '{strategy.Name}' strategy this server runs does not support this request yet, and nothing was changed. {ex.Message}",
                extensions: new Dictionary<string, object?> { ["code"] = AllocationProblems.Codes.NotSupported });
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Strategy} strategy does not support {Method} {Path}: {Reason} Answered 501.")]
    private static partial void LogNotSupported(ILogger logger, string strategy, string method, string path, string reason);
}
