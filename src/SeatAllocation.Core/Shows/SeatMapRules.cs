using System.Globalization;

namespace SeatAllocation;

/// <summary>What makes a seat map valid, and the default rank of a seat that has none.</summary>
internal static class SeatMapRules
{
    /// <summary>
    /// Checks every seat and returns them in the order given, each with its rank (the given one, or
    /// the default). Every message names the seat and the field at fault.
    /// </summary>
    public static SeatMapSeat[] Validate(IEnumerable<SeatMapSeat>? seats, string paramName)
    {
        if (seats is null)
        {
            throw new ArgumentException($"{paramName} is required.", paramName);
        }

        var given = seats.ToArray();
        if (given.Length == 0)
        {
            throw new ArgumentException($"{paramName} must hold at least one seat.", paramName);
        }

        if (given.Length > AllocationLimits.MaxCapacity)
        {
            throw new ArgumentException($"{paramName} must hold at most {AllocationLimits.MaxCapacity} seats.", paramName);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var places = new HashSet<(string Section, string Row, int Position)>();
        for (var i = 0; i < given.Length; i++)
        {
            var seat = given[i] ?? throw new ArgumentException($"{paramName}[{i}] is null.", paramName);
            var where = $"{paramName}[{i}]";
            ThrowIfInvalidName(seat.Id, $"{where}.{nameof(SeatMapSeat.Id)}", paramName);
            where = $"{paramName}[{i}] (seat '{seat.Id}')";
            ThrowIfInvalidName(seat.Section, $"{where}.{nameof(SeatMapSeat.Section)}", paramName);
            ThrowIfInvalidName(seat.Row, $"{where}.{nameof(SeatMapSeat.Row)}", paramName);
            if (seat.Category is not null)
            {
                ThrowIfInvalidName(seat.Category, $"{where}.{nameof(SeatMapSeat.Category)}", paramName);
            }

            // The upper bound keeps rank arithmetic (2 × position) far from overflowing.
            if (seat.Position < 1 || seat.Position > AllocationLimits.MaxCapacity)
            {
                throw new ArgumentException($"{where}.{nameof(SeatMapSeat.Position)} must be between 1 and {AllocationLimits.MaxCapacity}, but was {seat.Position}.", paramName);
            }

            if (seat.Rank is < 0)
            {
                throw new ArgumentException($"{where}.{nameof(SeatMapSeat.Rank)} must be 0 or more (lower is better), but was {seat.Rank}.", paramName);
            }

            if (!ids.Add(seat.Id))
            {
                throw new ArgumentException($"{where}.{nameof(SeatMapSeat.Id)}: seat '{seat.Id}' is in the map more than once.", paramName);
            }

            if (!places.Add((seat.Section, seat.Row, seat.Position)))
            {
                throw new ArgumentException(
                    $"{where}.{nameof(SeatMapSeat.Position)}: position {seat.Position} of row '{seat.Row}' in section '{seat.Section}' is given to two seats.",
                    paramName);
            }
        }

        return WithDefaultRanks(given);
    }

    /// <summary>
    /// Gives each seat without a rank its default: <c>2 × row index + |2 × position − (first + last position of the row)|</c>,
    /// the distance to the middle of the front row in half-seats, where one row back costs as much
    /// as one seat further from the middle. A section's rows are indexed from 0 in the order they
    /// first appear in the list as given; every section's first row is a front row.
    /// </summary>
    private static SeatMapSeat[] WithDefaultRanks(SeatMapSeat[] seats)
    {
        var rowIndex = new Dictionary<(string Section, string Row), int>();
        var rowsPerSection = new Dictionary<string, int>(StringComparer.Ordinal);
        var ends = new Dictionary<(string Section, string Row), (int First, int Last)>();
        foreach (var seat in seats)
        {
            var row = (seat.Section, seat.Row);
            if (!rowIndex.ContainsKey(row))
            {
                var index = rowsPerSection.GetValueOrDefault(seat.Section);
                rowIndex[row] = index;
                rowsPerSection[seat.Section] = index + 1;
            }

            ends[row] = ends.TryGetValue(row, out var span)
                ? (Math.Min(span.First, seat.Position), Math.Max(span.Last, seat.Position))
                : (seat.Position, seat.Position);
        }

        return [.. seats.Select(seat =>
        {
            if (seat.Rank is not null)
            {
                return seat;
            }

            var row = (seat.Section, seat.Row);
            var (first, last) = ends[row];
            return seat with { Rank = (2 * rowIndex[row]) + Math.Abs((2 * seat.Position) - (first + last)) };
        })];
    }

    /// <summary>The canonical text of one seat for a show's fingerprint: every field, names length-prefixed.</summary>
    public static string Canonical(SeatMapSeat seat) => string.Create(
        CultureInfo.InvariantCulture,
        $"{Encode(seat.Id)}|{Encode(seat.Section)}|{Encode(seat.Row)}|{seat.Position}|{(seat.Category is null ? "*" : Encode(seat.Category))}|{(seat.Accessible ? 1 : 0)}|{seat.Rank}");

    private static string Encode(string name) => $"{name.Length.ToString(CultureInfo.InvariantCulture)}:{name}";

    private static void ThrowIfInvalidName(string? name, string field, string paramName)
    {
        if (AllocationLimits.ProblemWithId(name) is { } problem)
        {
            throw new ArgumentException($"{field} {problem}.", paramName);
        }
    }
}
