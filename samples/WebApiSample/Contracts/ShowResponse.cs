using System.Text.Json.Serialization;
using SeatAllocation;

namespace WebApiSample.Contracts;

/// <summary>A show's inventory right now. Expired holds count as available.</summary>
/// <param name="ShowId">The show's id.</param>
/// <param name="Capacity">How many seats or places the show has.</param>
/// <param name="Available">How many are free.</param>
/// <param name="Held">How many are in live holds.</param>
/// <param name="Booked">How many are booked.</param>
/// <param name="Categories">For a seat map with categories: each category's seats and free seats ("12 left in Premium"), by name. Absent otherwise.</param>
/// <param name="Sections">For a seat map: each section's seats and free seats, by name. Absent otherwise.</param>
internal sealed record ShowResponse(
    string ShowId,
    int Capacity,
    int Available,
    int Held,
    int Booked,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, SeatGroupResponse>? Categories = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, SeatGroupResponse>? Sections = null)
{
    public static ShowResponse From(ShowAvailability availability) =>
        new(
            availability.ShowId,
            availability.Capacity,
            availability.Available,
            availability.Held,
            availability.Booked,
            SeatGroupResponse.From(availability.Categories),
            SeatGroupResponse.From(availability.Sections));

    /// <summary>A show that was just created: everything is available.</summary>
    public static ShowResponse New(ShowDefinition show) =>
        new(
            show.ShowId,
            show.Capacity,
            show.Capacity,
            0,
            0,
            SeatGroupResponse.AllFree(show.Seats.Select(seat => seat.Category)),
            SeatGroupResponse.AllFree(show.Seats.Select(seat => seat.Section)));
}
