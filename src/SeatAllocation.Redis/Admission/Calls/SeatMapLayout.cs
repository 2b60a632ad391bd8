using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace SeatAllocation.Redis.Admission;

/// <summary>
/// How a show's seat map is laid out in Redis for <c>choose.lua</c>, so that choosing the best seats
/// reads a few strings instead of decoding the map and every seat's lease on each request.
/// </summary>
/// <remarks>
/// <para>
/// The map is one line of <em>offsets</em> (from 1): rows in the order their (section, row) first
/// appears in the map, each row's seats in position order (the reference's order, SeatAllocation.Core's
/// <see cref="BestAvailableChooser"/>), with a separator <c>|</c> between rows and between two seats of a row whose
/// positions are not consecutive (a gap). So a block of adjacent seats is a run of seat offsets with no
/// separator, which Lua's string patterns find in C.
/// </para>
/// <para>
/// <c>rebuild.lua</c> stores the fields of <see cref="Fields"/> in the show's map hash
/// (<see cref="RedisShowKeys.SeatMap"/>) and starts the free-state string
/// (<see cref="RedisShowKeys.SeatMapFree"/>) from its <c>template</c>; the scripts that lease, commit
/// and release seats keep that string in step, one byte a seat.
/// </para>
/// </remarks>
internal static class SeatMapLayout
{
    /// <summary>A seat that is free, in the template, or that qualifies, in a mask.</summary>
    public const char Seat = '1';

    /// <summary>Between rows, and between seats of a row that are not adjacent.</summary>
    public const char Separator = '|';

    /// <summary>The map hash's fields: <c>rows</c>, <c>ranks</c>, the filter masks and each offset's seat id (<c>id:offset</c>); none without a map.</summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><c>template</c>: <see cref="Template"/>.</item>
    /// <item><c>rows</c>: each row's map index, first offset, last offset and lowest rank, 4 bytes
    /// big-endian each, rows sorted by lowest rank (then map index), so the search can stop at the
    /// first row whose lowest rank cannot beat the best block found.</item>
    /// <item><c>ranks</c>: each offset's rank, 4 bytes big-endian (0 at a separator), for <c>struct.unpack</c>.</item>
    /// <item><c>accessible</c>, <c>category:NAME</c>, <c>section:NAME</c>: masks as long as the template,
    /// <c>1</c> where a seat qualifies for that filter, <c>0</c> elsewhere.</item>
    /// <item><c>id:OFFSET</c>: the seat at that offset.</item>
    /// </list>
    /// </remarks>
    public static List<KeyValuePair<RedisValue, RedisValue>> Fields(IReadOnlyList<SeatMapSeat> seats)
    {
        var fields = new List<KeyValuePair<RedisValue, RedisValue>>();
        if (seats.Count == 0)
        {
            return fields;
        }

        var (lines, rows) = Lay(seats);
        var length = lines.Count;
        var ranks = new byte[length * 4];
        var accessible = new StringBuilder(new string('0', length));
        var categories = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        var sections = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        for (var offset = 1; offset <= length; offset++)
        {
            if (lines[offset - 1] is not { } seat)
            {
                continue;
            }

            // Maps from ShowDefinition.Seated have every rank filled in; 0 keeps a bare one usable.
            BinaryPrimitives.WriteUInt32BigEndian(ranks.AsSpan((offset - 1) * 4), (uint)(seat.Rank ?? 0));
            if (seat.Accessible)
            {
                accessible[offset - 1] = Seat;
            }

            if (seat.Category is { } category)
            {
                Mask(categories, category, length)[offset - 1] = Seat;
            }

            Mask(sections, seat.Section, length)[offset - 1] = Seat;
            fields.Add(new("id:" + offset.ToString(CultureInfo.InvariantCulture), seat.Id));
        }

        fields.Add(new("template", Template(lines)));
        fields.Add(new("rows", Rows(rows)));
        fields.Add(new("ranks", ranks));
        fields.Add(new("accessible", accessible.ToString()));
        fields.AddRange(categories.Select(mask => new KeyValuePair<RedisValue, RedisValue>("category:" + mask.Key, mask.Value.ToString())));
        fields.AddRange(sections.Select(mask => new KeyValuePair<RedisValue, RedisValue>("section:" + mask.Key, mask.Value.ToString())));
        return fields;
    }

    /// <summary>The map's line: <see cref="Seat"/> at every seat's offset, <see cref="Separator"/> between rows and at gaps.</summary>
    private static string Template(List<SeatMapSeat?> lines) => string.Concat(lines.Select(seat => seat is null ? Separator : Seat));

    /// <summary>The seats at their offsets (index offset − 1), <see langword="null"/> at a separator; and each row's span of offsets.</summary>
    private static (List<SeatMapSeat?> Lines, List<(int Index, int First, int Last, int LowestRank)> Rows) Lay(IReadOnlyList<SeatMapSeat> seats)
    {
        var lines = new List<SeatMapSeat?>(seats.Count * 2);
        var rows = new List<(int Index, int First, int Last, int LowestRank)>();
        foreach (var row in seats.GroupBy(seat => (seat.Section, seat.Row)))
        {
            if (lines.Count > 0)
            {
                lines.Add(null);
            }

            var first = lines.Count + 1;
            SeatMapSeat? previous = null;
            foreach (var seat in row.OrderBy(seat => seat.Position))
            {
                if (previous is not null && seat.Position != previous.Position + 1)
                {
                    lines.Add(null);
                }

                lines.Add(seat);
                previous = seat;
            }

            rows.Add((rows.Count + 1, first, lines.Count, row.Min(seat => seat.Rank ?? 0)));
        }

        return (lines, rows);
    }

    private static byte[] Rows(List<(int Index, int First, int Last, int LowestRank)> rows)
    {
        var packed = new byte[rows.Count * 16];
        var at = 0;
        foreach (var row in rows.OrderBy(row => row.LowestRank).ThenBy(row => row.Index))
        {
            foreach (var number in (int[])[row.Index, row.First, row.Last, row.LowestRank])
            {
                BinaryPrimitives.WriteUInt32BigEndian(packed.AsSpan(at), (uint)number);
                at += 4;
            }
        }

        return packed;
    }

    private static StringBuilder Mask(Dictionary<string, StringBuilder> masks, string name, int length)
    {
        if (!masks.TryGetValue(name, out var mask))
        {
            masks[name] = mask = new StringBuilder(new string('0', length));
        }

        return mask;
    }
}
