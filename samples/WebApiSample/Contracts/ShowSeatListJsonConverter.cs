using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebApiSample.Contracts;

/// <summary>Reads and writes <see cref="ShowSeatList"/>: an array of strings, or of seat objects.</summary>
internal sealed class ShowSeatListJsonConverter : JsonConverter<ShowSeatList>
{
    public override ShowSeatList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("seats must be an array of seat ids or of seat objects.");
        }

        var seatIds = new List<string?>();
        var seatMap = new List<SeatMapSeatRequest?>();
        bool? objects = null;
        int? mixedAt = null;
        for (var index = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    // A null item is kept in whichever list the array turns out to be, for the library to name.
                    seatIds.Add(null);
                    seatMap.Add(null);
                    continue;
                case JsonTokenType.String:
                    mixedAt ??= objects == true ? index : null;
                    objects ??= false;
                    seatIds.Add(reader.GetString());
                    seatMap.Add(null);
                    break;
                case JsonTokenType.StartObject:
                    mixedAt ??= objects == false ? index : null;
                    objects ??= true;
                    seatMap.Add(ReadSeat(ref reader, options, index));
                    seatIds.Add(null);
                    break;
                default:
                    throw new JsonException("seats must hold seat ids (strings) or seat objects.");
            }
        }

        return objects == true
            ? new ShowSeatList([], seatMap, mixedAt)
            : new ShowSeatList(seatIds, [], mixedAt);
    }

    /// <summary>Reads one seat object; a binding error in it names its place in the body (<c>$.seats[3].position</c>), not in the seat.</summary>
    private static SeatMapSeatRequest? ReadSeat(ref Utf8JsonReader reader, JsonSerializerOptions options, int index)
    {
        try
        {
            return JsonSerializer.Deserialize<SeatMapSeatRequest>(ref reader, options);
        }
        catch (JsonException ex)
        {
            var path = $"$.seats[{index}]{ex.Path?.TrimStart('$')}";
            throw new JsonException($"{path[2..]} is not valid: {ex.Message}", path, ex.LineNumber, ex.BytePositionInLine, ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, ShowSeatList value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.IsSeatMap)
        {
            JsonSerializer.Serialize(writer, value.SeatMap, options);
        }
        else
        {
            JsonSerializer.Serialize(writer, value.SeatIds, options);
        }
    }
}
