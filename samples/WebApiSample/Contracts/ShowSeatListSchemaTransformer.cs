using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace WebApiSample.Contracts;

/// <summary>
/// Describes <see cref="ShowSeatList"/> in the OpenAPI document: its converter hides its shape from the
/// schema generator, which would otherwise say "anything".
/// </summary>
internal sealed class ShowSeatListSchemaTransformer : IOpenApiSchemaTransformer
{
    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonTypeInfo.Type != typeof(ShowSeatList))
        {
            return;
        }

        var seat = await context.GetOrCreateSchemaAsync(typeof(SeatMapSeatRequest), parameterDescription: null, cancellationToken).ConfigureAwait(false);
        seat.Required ??= new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in new[] { "id", "section", "row", "position" })
        {
            seat.Required.Add(field);
        }

        schema.Description = "Seat ids, or seat objects that lay the seats out in a seat map; not a mix of the two.";
        schema.OneOf =
        [
            new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "Plain seat ids.",
                Items = new OpenApiSchema { Type = JsonSchemaType.String },
            },
            new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "A seat map: each seat's section, row and position (from 1; consecutive positions are adjacent), and optionally its category, rank (lower is better) and accessible flag.",
                Items = seat,
            },
        ];
    }
}
