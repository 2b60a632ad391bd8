namespace SeatAllocation.Postgres.Storage;

/// <summary>
/// A show's seats as the column arrays <see cref="PostgresAllocationStore.CreateShowSql"/> unnests into
/// the seats and seat_places tables, one element a seat: so a 100,000-seat map is one statement with a few array
/// parameters, not 100,000 rows of parameters. For a show without a map the map arrays are empty,
/// and no place is stored.
/// </summary>
internal sealed class SeatMapColumns
{
    private SeatMapColumns(ShowDefinition show)
    {
        if (!show.HasSeatMap)
        {
            SeatIds = [.. show.SeatIds];
            return;
        }

        var seats = show.Seats;
        SeatIds = new string[seats.Count];
        Sections = new string[seats.Count];
        Rows = new string[seats.Count];
        Positions = new int[seats.Count];
        Categories = new string?[seats.Count];
        Accessible = new bool[seats.Count];
        Ranks = new int[seats.Count];
        RowOrders = new int[seats.Count];
        // A row's order is where its (section, row) first appears in the map, as BestAvailableChooser orders
        // rows: the last tie-break between blocks.
        var rowOrders = new Dictionary<(string Section, string Row), int>();
        for (var i = 0; i < seats.Count; i++)
        {
            var seat = seats[i];
            if (!rowOrders.TryGetValue((seat.Section, seat.Row), out var rowOrder))
            {
                rowOrder = rowOrders[(seat.Section, seat.Row)] = rowOrders.Count;
            }

            (SeatIds[i], Sections[i], Rows[i], Positions[i]) = (seat.Id, seat.Section, seat.Row, seat.Position);
            // ShowDefinition.Seated gives every seat of a map its rank (the given one or the default).
            (Categories[i], Accessible[i], Ranks[i], RowOrders[i]) = (seat.Category, seat.Accessible, seat.Rank!.Value, rowOrder);
        }
    }

    public string[] SeatIds { get; }

    public string[] Sections { get; } = [];

    public string[] Rows { get; } = [];

    public int[] Positions { get; } = [];

    public string?[] Categories { get; } = [];

    public bool[] Accessible { get; } = [];

    public int[] Ranks { get; } = [];

    public int[] RowOrders { get; } = [];

    public static SeatMapColumns Of(ShowDefinition show) => new(show);
}
