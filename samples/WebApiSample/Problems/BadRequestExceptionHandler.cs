using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace WebApiSample.Problems;

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, a string where a number belongs, a
/// number too large for its field, no body) into a 4xx validation problem
/// naming the field, instead of an empty 400 or a 500.
/// </summary>
/// <remarks>
/// Minimal APIs throw <see cref="BadHttpRequestException"/> for these only when
/// <c>RouteHandlerOptions.ThrowOnBadRequest</c> is on, which <c>Program.cs</c> sets in every
/// environment so that this handler sees them.
/// </remarks>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var (field, error) = Describe(badRequest);
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [error] })
            {
                Status = badRequest.StatusCode,
                Title = $"Invalid {field}.",
            },
        }).ConfigureAwait(false);
    }

    private static (string Field, string Error) Describe(BadHttpRequestException badRequest)
    {
        if (badRequest.InnerException is JsonException json)
        {
            var field = TopLevelField(json.Path);
            return field is null
                ? ("body", $"The body is not a JSON object of the expected shape (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}).")
                : (field, $"'{json.Path?.TrimStart('$', '.')}' is not valid here: wrong JSON type, or a number out of range.");
        }

        return ("body", "The body is missing or is not a JSON object of the expected shape.");
    }

    /// <summary>The top-level property of a JSON path such as <c>$.seats[2]</c> or <c>$['seats']</c>; <see langword="null"/> for the root.</summary>
    private static string? TopLevelField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        var rest = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..]
            : path.StartsWith("$['", StringComparison.Ordinal) ? path[3..]
            : null;
        if (rest is null)
        {
            return null;
        }

        var end = rest.IndexOfAny(['.', '[', '\'']);
        var field = end < 0 ? rest : rest[..end];
        return field.Length == 0 ? null : field;
    }
}
