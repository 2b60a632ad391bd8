using System.Globalization;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace SeatAllocation.Redis.Admission;

/// <summary>
/// How a show's seat map is laid out in Redis for <c>choose.lua</c>: JSON rows in the order their
/// (section, row) first appears in the map, each row's seats in position order (the reference's
/// order, SeatAllocation.Core's <c>InMemorySeatMap</c>), each seat
/// <c>[id, position, rank, category or "", accessible 1 or 0, section]</c>. <c>rebuild.lua</c> stores
/// it, and each seat's place, <c>row index:position</c> (row index from 1), which
/// <see cref="AreTogether"/> reads back.
/// </summary>
internal static class SeatMapLayout
{
    /// <summary>The map as JSON, or <c>''</c> for a show without one.</summary>
    public static string Json(IReadOnlyList<SeatMapSeat> seats)
    {
        if (seats.Count == 0)
        {
            return string.Empty;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var row in seats.GroupBy(seat => (seat.Section, seat.Row)))
            {
                json.WriteStartArray();
                foreach (var seat in row.OrderBy(seat => seat.Position))
                {
                    json.WriteStartArray();
                    json.WriteStringValue(seat.Id);
                    json.WriteNumberValue(seat.Position);
                    // Maps from ShowDefinition.Seated have every rank filled in; 0 keeps a bare one usable.
                    json.WriteNumberValue(seat.Rank ?? 0);
                    json.WriteStringValue(seat.Category ?? string.Empty);
                    json.WriteNumberValue(seat.Accessible ? 1 : 0);
                    json.WriteStringValue(seat.Section);
                    json.WriteEndArray();
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Every seat's place, <c>row index:position</c>, as <c>rebuild.lua</c> stores them from <see cref="Json"/>.</summary>
    public static Dictionary<string, RedisValue> Places(IReadOnlyList<SeatMapSeat> seats) =>
        seats.GroupBy(seat => (seat.Section, seat.Row))
            .SelectMany((row, index) => row.Select(seat => (seat.Id, Place: (RedisValue)string.Create(CultureInfo.InvariantCulture, $"{index + 1}:{seat.Position}"))))
            .ToDictionary(seat => seat.Id, seat => seat.Place, StringComparer.Ordinal);

    /// <summary>
    /// Whether seats whose places were read from the place hash sit together: one row, consecutive
    /// positions. <see langword="null"/> when a seat has no place (the show has no map, or Redis lost it).
    /// </summary>
    public static bool? AreTogether(IReadOnlyList<RedisValue> places)
    {
        var parsed = new List<(string Row, int Position)>(places.Count);
        foreach (var place in places)
        {
            var text = (string?)place;
            var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
            if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var position))
            {
                return null;
            }

            parsed.Add((text![..colon], position));
        }

        var ordered = parsed.OrderBy(place => place.Position).ToList();
        return ordered.Select(place => place.Row).Distinct(StringComparer.Ordinal).Count() == 1
            && ordered.Zip(ordered.Skip(1)).All(pair => pair.Second.Position == pair.First.Position + 1);
    }
}
