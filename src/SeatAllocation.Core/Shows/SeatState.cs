namespace SeatAllocation;

/// <summary>One seat of a show and whether it is free, held or booked right now: what a seat-map UI draws.</summary>
/// <param name="Id">The seat's id.</param>
/// <param name="Status">Free, held or booked.</param>
/// <param name="Place">
/// Where the seat is and what it is (section, row, position, category, rank) when the show has a seat
/// map; <see langword="null"/> for a show of plain seat ids.
/// </param>
public sealed record SeatState(string Id, SeatStatus Status, SeatMapSeat? Place);
