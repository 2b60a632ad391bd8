using SeatAllocation;

namespace WebApiSample.Contracts;

/// <summary>A hold: seats reserved until <see cref="ExpiresAt"/>, to be confirmed or released.</summary>
/// <param name="HoldId">The hold's id (unguessable); a confirmed hold becomes the booking with this id.</param>
/// <param name="ShowId">The show.</param>
/// <param name="Seats">The seats held; empty on a general-admission show.</param>
/// <param name="Quantity">How many seats or places are held.</param>
/// <param name="ExpiresAt">When the seats go back on sale unless the hold is confirmed.</param>
internal sealed record HoldResponse(string HoldId, string ShowId, IReadOnlyList<string> Seats, int Quantity, DateTimeOffset ExpiresAt)
{
    public static HoldResponse From(Allocation hold) =>
        new(hold.Id, hold.ShowId, hold.SeatIds, hold.Quantity, hold.ExpiresAt ?? throw new InvalidOperationException("A hold always has an expiry."));
}
