using System.Text.Json.Serialization;
using SeatAllocation;

namespace WebApiSample.Contracts;

/// <summary>A hold: seats reserved until <see cref="ExpiresAt"/>, to be confirmed, extended or released.</summary>
/// <param name="HoldId">The hold's id (unguessable); a confirmed hold becomes the booking with this id.</param>
/// <param name="ShowId">The show.</param>
/// <param name="Seats">The seats held; empty on a general-admission show.</param>
/// <param name="Quantity">How many seats or places are held.</param>
/// <param name="ExpiresAt">When the seats go back on sale unless the hold is confirmed.</param>
/// <param name="Together">
/// For best-available seats of a seat map: whether they sit together (adjacent, in one row); false when
/// the group was split, as <c>"together": false</c> allowed. Absent for other holds.
/// </param>
internal sealed record HoldResponse(
    string HoldId,
    string ShowId,
    IReadOnlyList<string> Seats,
    int Quantity,
    DateTimeOffset ExpiresAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Together = null)
{
    public static HoldResponse From(Allocation hold) =>
        new(hold.Id, hold.ShowId, hold.SeatIds, hold.Quantity, hold.ExpiresAt ?? throw new InvalidOperationException("A hold always has an expiry."), hold.Together);
}
