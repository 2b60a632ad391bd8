namespace WebApiSample.Problems;

/// <summary>
/// Answers 400 with a validation problem naming the field when the library rejects an argument.
/// </summary>
/// <remarks>
/// The library validates every id, seat list and quantity and throws <see cref="ArgumentException"/>
/// naming the parameter; the API relies on that instead of repeating the rules, so HTTP and library
/// callers get the same limits. Only parameters a client can reach are translated: any other
/// <see cref="ArgumentException"/> is a bug and stays a 500.
/// </remarks>
internal sealed class InvalidArgumentFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var routeValues = context.HttpContext.Request.RouteValues;
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (ArgumentException ex) when (HttpFieldNames.FromParameter(ex.ParamName, routeValues) is not null)
        {
            var field = HttpFieldNames.FromParameter(ex.ParamName, routeValues)!;
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [field] = [HttpFieldNames.Message(ex, routeValues)] },
                title: $"Invalid {field}.");
        }
    }
}
