using System.Diagnostics;
using System.Text.Json.Serialization;
using SeatAllocation;

namespace WebApiSample.Contracts;

/// <summary>One seat of <c>GET /shows/{showId}/seats</c>: its status and, on a seat map, where it is and what it is.</summary>
/// <param name="Id">The seat's id.</param>
/// <param name="Status">Free, held or booked, right now.</param>
/// <param name="Section">Its section; absent for a show of plain seat ids (and so are the other layout fields).</param>
/// <param name="Row">Its row in the section.</param>
/// <param name="Position">Its place in the row, from 1; consecutive positions are adjacent.</param>
/// <param name="Category">Its category, when it has one.</param>
/// <param name="Accessible">Whether it is an accessible seat.</param>
/// <param name="Rank">How good it is: lower is better (the given rank, or the default one).</param>
internal sealed record SeatResponse(
    string Id,
    SeatStatusName Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Section = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Row = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Position = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Category = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Accessible = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Rank = null)
{
    public static SeatResponse From(SeatState seat)
    {
        ArgumentNullException.ThrowIfNull(seat);
        var status = seat.Status switch
        {
            SeatStatus.Free => SeatStatusName.Free,
            SeatStatus.Held => SeatStatusName.Held,
            SeatStatus.Booked => SeatStatusName.Booked,
            _ => throw new UnreachableException($"No name for seat status {seat.Status}."),
        };
        return seat.Place is { } place
            ? new(seat.Id, status, place.Section, place.Row, place.Position, place.Category, place.Accessible, place.Rank)
            : new(seat.Id, status);
    }
}
