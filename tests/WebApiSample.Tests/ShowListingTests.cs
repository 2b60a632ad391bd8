using System.Net;
using System.Net.Http.Json;
using SeatAllocation;
using SeatAllocation.Servers;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary><c>GET /shows</c> pages, and the output cache of show reads with its eviction.</summary>
public sealed class ShowListingTests
{
    [Theory]
    [InlineData("InMemory")]
    [InlineData("Pessimistic")]
    public async Task Paging_with_the_cursor_lists_every_show_once_with_its_availability(string strategy)
    {
        await using var app = await StartAsync(strategy, cacheFor: TimeSpan.Zero);
        var client = app.CreateSeatsClient();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await client.CreateGeneralAdmissionShowAsync(10 + i));
        }

        using (var booked = await client.As("ada").BookAsync(created[2], new { quantity = 3 }, SeatsClient.NewKey()))
        {
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }

        var listed = new List<ShowDto>();
        string? cursor = null;
        do
        {
            var page = await ListAsync(client, $"/shows?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            Assert.InRange(page.Shows.Count, 0, 2);
            listed.AddRange(page.Shows);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(listed.Count, listed.DistinctBy(s => s.ShowId).Count());
        var ours = listed.Where(s => created.Contains(s.ShowId)).ToList();
        Assert.Equal(created.Order(StringComparer.Ordinal), ours.Select(s => s.ShowId).Order(StringComparer.Ordinal));
        Assert.Equal(new ShowDto(created[2], 12, 9, 0, 3), ours.Single(s => s.ShowId == created[2]));
    }

    [Theory]
    [InlineData("/shows?limit=0", "limit")]
    [InlineData("/shows?limit=101", "limit")]
    [InlineData("/shows?cursor=%21%21", "cursor")]
    public async Task A_bad_limit_or_cursor_is_a_400_naming_the_field(string path, string field)
    {
        await using var app = await StartAsync("InMemory", cacheFor: TimeSpan.Zero);

        using var response = await app.CreateClient().GetAsync(path);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors do not name {field}: {problem}");
    }

    [Fact]
    public async Task Show_reads_are_cached_and_a_change_through_the_api_evicts_them()
    {
        await using var app = await StartAsync("Pessimistic", cacheFor: TimeSpan.FromMinutes(1));
        var client = app.CreateSeatsClient();
        var showId = await client.CreateGeneralAdmissionShowAsync(10);
        Assert.Equal(new ShowDto(showId, 10, 10, 0, 0), await client.ReadShowAsync(showId));
        var listing = await ListAsync(client, "/shows?limit=100");

        // Behind the API's back (as another instance would): the cached answers stay as they were.
        Assert.True((await app.Strategy.BookAsync(AllocationRequest.ForQuantity(showId, "elsewhere", "bob", 4))).Succeeded);
        Assert.Equal(new ShowDto(showId, 10, 10, 0, 0), await client.ReadShowAsync(showId));
        Assert.Equal(listing, await ListAsync(client, "/shows?limit=100"), ShowListComparer.Instance);

        // Through the API: this instance evicts the show's reads and the listings.
        using (var booked = await client.As("ada").BookAsync(showId, new { quantity = 1 }, SeatsClient.NewKey()))
        {
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }

        Assert.Equal(new ShowDto(showId, 10, 5, 0, 5), await client.ReadShowAsync(showId));
        var fresh = await ListAsync(client, "/shows?limit=100");
        Assert.Contains(new ShowDto(showId, 10, 5, 0, 5), fresh.Shows);
    }

    [Fact]
    public async Task The_seat_list_is_cached_and_evicted_like_the_other_show_reads()
    {
        await using var app = await StartAsync("InMemory", cacheFor: TimeSpan.FromMinutes(1)); // a strategy that lists seats
        var client = app.CreateSeatsClient();
        var showId = await SeatMaps.CreateAsync(client, SeatMaps.Row(2));
        Assert.Equal(["free", "free"], await StatusesAsync(client, showId));

        // Behind the API's back the cached list stays; through it, a hold evicts it, and so does extending it.
        var elsewhere = await app.Strategy.HoldAsync(AllocationRequest.ForSeats(showId, "elsewhere", "bob", "A2"), TimeSpan.FromMinutes(5));
        Assert.Equal(["free", "free"], await StatusesAsync(client, showId));
        using (var held = await client.As("ada").HoldAsync(showId, new { seats = new[] { "A1" } }, SeatsClient.NewKey()))
        {
            Assert.Equal(HttpStatusCode.Created, held.StatusCode);
        }

        Assert.Equal(["held", "held"], await StatusesAsync(client, showId));
        Assert.Equal(ReleaseStatus.Released, await app.Strategy.ReleaseAsync(new AllocationReference(showId, elsewhere.Allocation!.Id)));
        Assert.Equal(["held", "held"], await StatusesAsync(client, showId));
        using (var extended = await client.As("bob").ExtendAsync(showId, elsewhere.Allocation.Id, new { seconds = 60 }))
        {
            Assert.Equal(HttpStatusCode.NotFound, extended.StatusCode); // released: refused, and still a change request on the show
        }

        Assert.Equal(["held", "free"], await StatusesAsync(client, showId));
    }

    private static async Task<string[]> StatusesAsync(SeatsClient client, string showId)
    {
        using var response = await client.GetSeatsAsync(showId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<SeatMapDto>())!.Seats.Select(seat => seat.Status)];
    }

    private static async Task<SampleApp> StartAsync(string strategy, TimeSpan cacheFor)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SeatAllocation:Strategy"] = strategy,
            ["SeatAllocation:ShowCacheDuration"] = cacheFor.ToString("c"),
        };
        if (strategy != "InMemory")
        {
            // A schema of its own, so the listing holds this test's shows and few others.
            settings["ConnectionStrings:Postgres"] = await TestPostgres.GetConnectionStringAsync();
            settings["SeatAllocation:Postgres:Schema"] = $"listing_{Guid.NewGuid():N}";
        }

        return await SampleApp.StartAsync(settings);
    }

    private static async Task<ShowListDto> ListAsync(SeatsClient client, string path)
    {
        using var response = await client.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ShowListDto>())!;
    }

    private sealed record ShowListDto(IReadOnlyList<ShowDto> Shows, string? NextCursor);

    private sealed class ShowListComparer : IEqualityComparer<ShowListDto>
    {
        public static readonly ShowListComparer Instance = new();

        public bool Equals(ShowListDto? x, ShowListDto? y) => x!.Shows.SequenceEqual(y!.Shows) && x.NextCursor == y.NextCursor;

        public int GetHashCode(ShowListDto obj) => obj.Shows.Count;
    }
}
