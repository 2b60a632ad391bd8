namespace SeatAllocation;

/// <summary>
/// One seat of a show's seat map: where it is (section, row, position in the row) and what it is
/// (category, accessibility, rank). Seats are adjacent when they have consecutive positions in the
/// same row of the same section; a missing position is a gap (an aisle, a pillar), not a neighbour.
/// </summary>
/// <remarks>
/// <see cref="ShowDefinition.Seated(string, IEnumerable{SeatMapSeat})"/> validates the seats, and
/// gives every seat without a <see cref="Rank"/> its default rank (see there).
/// </remarks>
/// <param name="Id">The seat's id, unique in the show; what allocations name.</param>
/// <param name="Section">The section the row belongs to, such as <c>Stalls</c>.</param>
/// <param name="Row">The row, such as <c>A</c>; unique within its section.</param>
/// <param name="Position">The seat's place in its row, from 1, unique in the row.</param>
public sealed record SeatMapSeat(string Id, string Section, string Row, int Position)
{
    /// <summary>Gets the seat's category (price level), or <see langword="null"/> when it has none.</summary>
    public string? Category { get; init; }

    /// <summary>Gets whether the seat is accessible (wheelchair space or companion seat).</summary>
    public bool Accessible { get; init; }

    /// <summary>
    /// Gets how good the seat is: lower is better, 0 or more. <see langword="null"/> asks for the
    /// default rank, which favours front rows and the middle of a row.
    /// </summary>
    public int? Rank { get; init; }
}
