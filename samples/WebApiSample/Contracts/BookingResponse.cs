using System.Text.Json.Serialization;
using SeatAllocation;

namespace WebApiSample.Contracts;

/// <summary>A booking: the seats are sold to its user until it is cancelled.</summary>
/// <param name="BookingId">The booking's id (unguessable; the hold's id when it was confirmed from a hold).</param>
/// <param name="ShowId">The show.</param>
/// <param name="Seats">The seats booked; empty on a general-admission show.</param>
/// <param name="Quantity">How many seats or places are booked.</param>
/// <param name="Together">
/// For best-available seats of a seat map: whether they sit together (adjacent, in one row); false when
/// the group was split, as <c>"together": false</c> allowed. Absent for other bookings.
/// </param>
internal sealed record BookingResponse(
    string BookingId,
    string ShowId,
    IReadOnlyList<string> Seats,
    int Quantity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Together = null)
{
    public static BookingResponse From(Allocation booking) => new(booking.Id, booking.ShowId, booking.SeatIds, booking.Quantity, booking.Together);
}
