using System.Text;
using System.Text.Json;

namespace SeatAllocation.Redis.Admission;

/// <summary>
/// How a show's seat map is laid out in Redis for <c>choose.lua</c>: JSON rows in the order their
/// (section, row) first appears in the map, each row's seats in position order (the reference's
/// order, SeatAllocation.Core's <c>InMemorySeatMap</c>), each seat
/// <c>[id, position, rank, category or "", accessible 1 or 0, section]</c>. <c>rebuild.lua</c> stores it.
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
}
