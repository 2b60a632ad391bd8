using SeatAllocation;

namespace WebApiSample.Contracts;

/// <summary>A show's inventory right now. Expired holds count as available.</summary>
/// <param name="ShowId">The show's id.</param>
/// <param name="Capacity">How many seats or places the show has.</param>
/// <param name="Available">How many are free.</param>
/// <param name="Held">How many are in live holds.</param>
/// <param name="Booked">How many are booked.</param>
internal sealed record ShowResponse(string ShowId, int Capacity, int Available, int Held, int Booked)
{
    public static ShowResponse From(ShowAvailability availability) =>
        new(availability.ShowId, availability.Capacity, availability.Available, availability.Held, availability.Booked);

    /// <summary>A show that was just created: everything is available.</summary>
    public static ShowResponse New(ShowDefinition show) => new(show.ShowId, show.Capacity, show.Capacity, 0, 0);
}
