using Npgsql;

namespace SeatAllocation.Postgres.Storage;

/// <summary>
/// Reads the seat groups of <see cref="PostgresAllocationStore.AvailabilitySql"/> (a map's seats and free
/// seats per category and section pair, as four arrays) into the availability of each category and
/// each section, as <see cref="ShowAvailability"/> reports them.
/// </summary>
internal static class SeatGroupColumns
{
    /// <summary>The groups of the current row, or <see langword="null"/> when the show has no seat map.</summary>
    public static (IReadOnlyDictionary<string, SeatGroupAvailability> Categories, IReadOnlyDictionary<string, SeatGroupAvailability> Sections)? Read(NpgsqlDataReader reader)
    {
        var sectionsColumn = reader.GetOrdinal("group_sections");
        if (reader.IsDBNull(sectionsColumn))
        {
            return null;
        }

        var categories = reader.GetFieldValue<string?[]>(reader.GetOrdinal("group_categories"));
        var sections = reader.GetFieldValue<string[]>(sectionsColumn);
        var capacities = reader.GetFieldValue<int[]>(reader.GetOrdinal("group_capacities"));
        var available = reader.GetFieldValue<int[]>(reader.GetOrdinal("group_available"));
        var byCategory = new SortedDictionary<string, SeatGroupAvailability>(StringComparer.Ordinal);
        var bySection = new SortedDictionary<string, SeatGroupAvailability>(StringComparer.Ordinal);
        for (var i = 0; i < sections.Length; i++)
        {
            // Seats without a category count in their section only.
            if (categories[i] is { } category)
            {
                Add(byCategory, category, capacities[i], available[i]);
            }

            Add(bySection, sections[i], capacities[i], available[i]);
        }

        return (byCategory, bySection);
    }

    private static void Add(SortedDictionary<string, SeatGroupAvailability> groups, string name, int capacity, int available)
    {
        var counted = groups.GetValueOrDefault(name) ?? new SeatGroupAvailability(0, 0);
        groups[name] = new SeatGroupAvailability(counted.Capacity + capacity, counted.Available + available);
    }
}
