using SeatAllocation;

namespace WebApiSample.Contracts;

/// <summary>A category's or a section's seats, and how many of them are free right now.</summary>
/// <param name="Capacity">How many seats the group has.</param>
/// <param name="Available">How many of them are free (expired holds count as free).</param>
internal sealed record SeatGroupResponse(int Capacity, int Available)
{
    /// <summary>The groups by name, or <see langword="null"/> (the field is left out) when there are none.</summary>
    public static IReadOnlyDictionary<string, SeatGroupResponse>? From(IReadOnlyDictionary<string, SeatGroupAvailability> groups) =>
        groups.Count == 0 ? null : groups.ToDictionary(group => group.Key, group => new SeatGroupResponse(group.Value.Capacity, group.Value.Available), StringComparer.Ordinal);

    /// <summary>The groups of a new show, where every seat is free, from each seat's group (<see langword="null"/>: in none).</summary>
    public static IReadOnlyDictionary<string, SeatGroupResponse>? AllFree(IEnumerable<string?> groupOfEachSeat)
    {
        var groups = groupOfEachSeat.OfType<string>().CountBy(group => group, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => new SeatGroupResponse(group.Value, group.Value), StringComparer.Ordinal);
        return groups.Count == 0 ? null : groups;
    }
}
