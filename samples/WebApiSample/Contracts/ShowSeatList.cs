using System.Text.Json.Serialization;

namespace WebApiSample.Contracts;

/// <summary>
/// The <c>seats</c> of <c>POST /shows</c>: either plain seat ids (<c>["A1","A2"]</c>) or seat objects
/// that lay the seats out in a seat map (<c>[{"id":"A1","section":"Stalls","row":"A","position":1}]</c>).
/// </summary>
/// <remarks>
/// An array that mixes the two is read, not refused, so that the endpoint can answer a 400 that says
/// so (<see cref="MixedAt"/>); any other JSON in the array is a binding error naming <c>seats</c>.
/// </remarks>
[JsonConverter(typeof(ShowSeatListJsonConverter))]
internal sealed class ShowSeatList
{
    public ShowSeatList(IReadOnlyList<string?> seatIds, IReadOnlyList<SeatMapSeatRequest?> seatMap, int? mixedAt)
    {
        SeatIds = seatIds;
        SeatMap = seatMap;
        MixedAt = mixedAt;
    }

    /// <summary>Gets the plain seat ids; empty when the array holds seat objects.</summary>
    public IReadOnlyList<string?> SeatIds { get; }

    /// <summary>Gets the seat objects; empty when the array holds plain seat ids (or nothing).</summary>
    public IReadOnlyList<SeatMapSeatRequest?> SeatMap { get; }

    /// <summary>Gets whether the seats are seat objects, which make a seat map.</summary>
    public bool IsSeatMap => SeatMap.Count > 0;

    /// <summary>Gets the index of the first item whose kind (string or object) differs from the first item's; <see langword="null"/> when all agree.</summary>
    public int? MixedAt { get; }
}
