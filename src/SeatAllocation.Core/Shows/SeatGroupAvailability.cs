using System.Collections.Frozen;

namespace SeatAllocation;

/// <summary>How many of a group of a seat map's seats (a category or a section) there are, and how many are free.</summary>
/// <param name="Capacity">How many seats the group has.</param>
/// <param name="Available">How many of them are free right now (expired holds count as free).</param>
public sealed record SeatGroupAvailability(int Capacity, int Available)
{
    /// <summary>No groups: what a show without a seat map has.</summary>
    internal static readonly IReadOnlyDictionary<string, SeatGroupAvailability> None = FrozenDictionary<string, SeatGroupAvailability>.Empty;

    /// <summary>Counts each group's seats and free seats, by the group's name, for a show's availability.</summary>
    /// <param name="seats">Every seat of the map and whether it is free.</param>
    /// <param name="groupOf">The seat's group, or <see langword="null"/> when it is in none.</param>
    /// <returns>The groups, by name, in ordinal order of names.</returns>
    internal static IReadOnlyDictionary<string, SeatGroupAvailability> Count(IEnumerable<(SeatMapSeat Seat, bool IsFree)> seats, Func<SeatMapSeat, string?> groupOf)
    {
        var groups = new SortedDictionary<string, SeatGroupAvailability>(StringComparer.Ordinal);
        foreach (var (seat, isFree) in seats)
        {
            if (groupOf(seat) is { } group)
            {
                var counted = groups.GetValueOrDefault(group) ?? new SeatGroupAvailability(0, 0);
                groups[group] = new SeatGroupAvailability(counted.Capacity + 1, counted.Available + (isFree ? 1 : 0));
            }
        }

        return groups;
    }
}
