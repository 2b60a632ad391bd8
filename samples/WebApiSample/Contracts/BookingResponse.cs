using SeatAllocation;

namespace WebApiSample.Contracts;

/// <summary>A booking: the seats are sold to its user until it is cancelled.</summary>
/// <param name="BookingId">The booking's id (unguessable; the hold's id when it was confirmed from a hold).</param>
/// <param name="ShowId">The show.</param>
/// <param name="Seats">The seats booked; empty on a general-admission show.</param>
/// <param name="Quantity">How many seats or places are booked.</param>
internal sealed record BookingResponse(string BookingId, string ShowId, IReadOnlyList<string> Seats, int Quantity)
{
    public static BookingResponse From(Allocation booking) => new(booking.Id, booking.ShowId, booking.SeatIds, booking.Quantity);
}
