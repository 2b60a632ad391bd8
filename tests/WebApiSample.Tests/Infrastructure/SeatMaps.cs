namespace WebApiSample.Tests.Infrastructure;

/// <summary>Seat maps for the tests, as the JSON seat objects of <c>POST /shows</c>.</summary>
public static class SeatMaps
{
    /// <summary>
    /// Section Stalls: row A (front) seats A1–A4 in category Premium, row B seats B1–B4 in category
    /// Standard, B1 accessible. Default ranks: A2 and A3 best (1), then A1 and A4 (3), B2 and B3 (3), B1 and B4 (5).
    /// </summary>
    public static object[] Stalls() =>
    [
        Seat("A1", "A", 1, "Premium"), Seat("A2", "A", 2, "Premium"), Seat("A3", "A", 3, "Premium"), Seat("A4", "A", 4, "Premium"),
        Seat("B1", "B", 1, "Standard", accessible: true), Seat("B2", "B", 2, "Standard"), Seat("B3", "B", 3, "Standard"), Seat("B4", "B", 4, "Standard"),
    ];

    /// <summary>One row of <paramref name="seats"/> seats, A1…, without categories.</summary>
    public static object[] Row(int seats) => [.. Enumerable.Range(1, seats).Select(n => Seat($"A{n}", "A", n))];

    public static object Seat(string id, string row, int position, string? category = null, bool accessible = false) =>
        category is null
            ? new { id, section = "Stalls", row, position, accessible }
            : new { id, section = "Stalls", row, position, category, accessible };

    /// <summary>Creates a show with <paramref name="seats"/> and the optional limits and returns its id.</summary>
    public static async Task<string> CreateAsync(SeatsClient organizer, object[] seats, int? maxSeatsPerUser = null, int? maxHoldLifetimeSeconds = null)
    {
        var showId = SeatsClient.NewShowId("map");
        using var response = await organizer.CreateShowAsync(new { showId, seats, maxSeatsPerUser, maxHoldLifetimeSeconds }, SeatsClient.NewKey());
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return showId;
    }
}
