using Npgsql;

namespace SeatAllocation.Postgres.Storage;

/// <summary>
/// Reads a seat's place in its show's map (a row of seat_places, migration 5) by column name, looking
/// the columns up once: rows that carry <c>seat_id</c> and <see cref="Columns"/>.
/// </summary>
internal readonly struct SeatPlaceReader(NpgsqlDataReader reader)
{
    /// <summary>The columns of seat_places (alias <c>p</c>) a statement selects beside a <c>seat_id</c>.</summary>
    public const string Columns = "p.section, p.seat_row, p.position, p.category, p.accessible, p.rank";

    private readonly int _seatId = reader.GetOrdinal("seat_id");
    private readonly int _section = reader.GetOrdinal("section");
    private readonly int _row = reader.GetOrdinal("seat_row");
    private readonly int _position = reader.GetOrdinal("position");
    private readonly int _category = reader.GetOrdinal("category");
    private readonly int _accessible = reader.GetOrdinal("accessible");
    private readonly int _rank = reader.GetOrdinal("rank");

    /// <summary>The current row's seat with its place, or <see langword="null"/> when the seat has none (a show without a map).</summary>
    public SeatMapSeat? Read() => reader.IsDBNull(_section)
        ? null
        : new SeatMapSeat(reader.GetString(_seatId), reader.GetString(_section), reader.GetString(_row), reader.GetInt32(_position))
        {
            Category = reader.IsDBNull(_category) ? null : reader.GetString(_category),
            Accessible = reader.GetBoolean(_accessible),
            Rank = reader.GetInt32(_rank),
        };
}
