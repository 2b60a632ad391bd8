using SeatAllocation;

namespace WebApiSample.Contracts;

/// <summary>One seat of a seat map in <c>POST /shows</c>: where it is and, optionally, what it is.</summary>
/// <param name="Id">The seat's id, unique in the show; what holds, bookings and the seat list name.</param>
/// <param name="Section">Its section, such as <c>Stalls</c>.</param>
/// <param name="Row">Its row in the section, such as <c>A</c>. List a section's front row first: the default rank favours it.</param>
/// <param name="Position">Its place in the row, from 1. Consecutive positions are adjacent; a missing one is a gap (an aisle).</param>
/// <param name="Category">Its category (price level), such as <c>Premium</c>; optional.</param>
/// <param name="Rank">How good it is, 0 or more, lower is better; when absent, front rows and the middle of a row rank best.</param>
/// <param name="Accessible">Whether it is an accessible seat (wheelchair space or companion seat); false when absent.</param>
/// <remarks>Every member is nullable so that a missing field reaches the library's validation and is reported by name.</remarks>
internal sealed record SeatMapSeatRequest(string? Id, string? Section, string? Row, int? Position, string? Category = null, int? Rank = null, bool? Accessible = null)
{
    /// <summary>The library's seat; missing fields stay missing (a position of 0) so its validation names them.</summary>
    public SeatMapSeat ToSeatMapSeat() =>
        new(Id!, Section!, Row!, Position ?? 0) { Category = Category, Rank = Rank, Accessible = Accessible ?? false };
}
