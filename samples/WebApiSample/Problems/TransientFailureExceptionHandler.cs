using Microsoft.AspNetCore.Diagnostics;
using SeatAllocation;

namespace WebApiSample.Problems;

/// <summary>
/// Answers <see cref="AllocationOutcomeUnknownException"/> — the library's one exception for a
/// transient failure it could not resolve by its own repeats (a killed connection, an exhausted pool,
/// a restarting database) — with a <c>503</c> problem and <c>Retry-After</c>, never a <c>500</c>.
/// </summary>
/// <remarks>
/// The request may or may not have taken effect. Repeating it with the same <c>Idempotency-Key</c>
/// (for confirm, release and cancel: the same URL) is always safe: the repeat returns what happened,
/// and never books twice.
/// </remarks>
internal sealed class TransientFailureExceptionHandler : IExceptionHandler
{
    /// <summary>The <c>Retry-After</c> value, in seconds.</summary>
    public const string RetryAfterSeconds = "1";

    /// <summary>The problem's detail: what the client should do.</summary>
    public const string Detail =
        "The database failed for a moment and the outcome of this request is unknown. Repeat it with the same Idempotency-Key " +
        "(for confirm, release and cancel: the same request); the repeat answers what happened and never allocates twice.";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not AllocationOutcomeUnknownException)
        {
            return false;
        }

        return await WriteAsync(httpContext, exception).ConfigureAwait(false);
    }

    /// <summary>Writes the 503 problem; also the answer to a request that ran out of time.</summary>
    public static async ValueTask<bool> WriteAsync(HttpContext httpContext, Exception? exception, string title = "Temporarily unavailable, repeat the request.")
    {
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        var problemDetails = httpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new()
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = title,
                Detail = Detail,
            },
        }).ConfigureAwait(false);
    }
}
