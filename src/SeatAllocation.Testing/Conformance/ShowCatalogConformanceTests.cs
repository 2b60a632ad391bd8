using Xunit;

namespace SeatAllocation.Testing;

/// <summary>
/// What every <see cref="IShowCatalog"/> must do: list shows a page at a time, each once, in order,
/// with the availability <see cref="IAllocationStrategy.GetAvailabilityAsync"/> reports. Run against a
/// strategy by a subclass, like <see cref="AllocationStrategyConformanceTests"/>; the strategy may
/// share its store with other tests (the suite pages from ids only it uses).
/// </summary>
/// <example>
/// <code>
/// public sealed class MyCatalogConformanceTests : ShowCatalogConformanceTests
/// {
///     protected override Task&lt;IAllocationStrategy&gt; CreateStrategyAsync(TimeProvider timeProvider) =&gt;
///         Task.FromResult&lt;IAllocationStrategy&gt;(new MyAllocationStrategy(timeProvider));
/// }
/// </code>
/// </example>
public abstract class ShowCatalogConformanceTests : StrategySuite
{
    /// <summary>Pages of two through five new shows list each once, in order, with their availability; the page after the last says so.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Paging_lists_every_show_once_in_order_with_its_availability()
    {
        var (strategy, catalog) = await CreateAsync();
        var prefix = $"catalog-{Guid.NewGuid():N}";
        var ids = Enumerable.Range(1, 5).Select(i => $"{prefix}-{i}").ToArray();
        await strategy.CreateShowAsync(ShowDefinition.Seated(ids[0], "A1", "A2", "A3"));
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(ids[1], 10));
        foreach (var id in ids.Skip(2))
        {
            await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(id, 4));
        }

        Assert.True((await strategy.HoldAsync(AllocationRequest.ForSeats(ids[0], "held", "ada", "A1"), TimeSpan.FromMinutes(5))).Succeeded);
        Assert.True((await strategy.BookAsync(AllocationRequest.ForSeats(ids[0], "booked", "bob", "A2"))).Succeeded);
        Assert.True((await strategy.HoldAsync(AllocationRequest.ForQuantity(ids[1], "expiring", "cy", 3), TimeSpan.FromMinutes(1))).Succeeded);
        Assert.True((await strategy.BookAsync(AllocationRequest.ForQuantity(ids[1], "booked-ga", "dee", 2))).Succeeded);
        Clock.Advance(TimeSpan.FromMinutes(2)); // the general-admission hold has expired: its places are free

        var listed = new List<ShowAvailability>();
        var after = prefix;
        while (true)
        {
            var page = await catalog.ListShowsAsync(2, after);
            Assert.True(page.Shows.Count <= 2, $"a page of {page.Shows.Count} shows for a limit of 2");
            var ours = page.Shows.TakeWhile(s => s.ShowId.StartsWith(prefix + "-", StringComparison.Ordinal)).ToList();
            listed.AddRange(ours);
            if (ours.Count < page.Shows.Count || page.NextAfter is null)
            {
                break; // past our shows (another test's come next), or the end of the catalog
            }

            Assert.Equal(page.Shows[^1].ShowId, page.NextAfter);
            after = page.NextAfter;
        }

        Assert.Equal(ids, listed.Select(s => s.ShowId));
        Assert.Equal(new ShowAvailability(ids[0], true, 3, 1, 1, 1), listed[0]);
        Assert.Equal(new ShowAvailability(ids[1], false, 10, 8, 0, 2), listed[1]);
        foreach (var show in listed)
        {
            Assert.Equal(await strategy.GetAvailabilityAsync(show.ShowId), show);
        }
    }

    /// <summary>Walking the whole catalog from the start, every page but the last is full, the last says it is the last, and a new show is on one of them.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Walking_the_whole_catalog_ends_with_a_page_that_says_it_is_the_last()
    {
        var (strategy, catalog) = await CreateAsync();
        var showId = $"catalog-{Guid.NewGuid():N}";
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 1));
        const int Limit = AllocationLimits.MaxPageSize;

        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? after = null;
        for (var pages = 1; ; pages++)
        {
            var page = await catalog.ListShowsAsync(Limit, after);
            Assert.All(page.Shows, s => Assert.True(seen.Add(s.ShowId), $"{s.ShowId} listed twice"));
            if (page.NextAfter is null)
            {
                break;
            }

            Assert.Equal(Limit, page.Shows.Count); // a page with more to come is full
            Assert.True(pages < 1000, "more than a million shows, or the pages never end");
            after = page.NextAfter;
        }

        Assert.Contains(showId, seen);
    }

    /// <summary>A page size out of range or an invalid id is an argument error naming the field.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Bad_arguments_name_the_field()
    {
        var (_, catalog) = await CreateAsync();

        Assert.Equal("limit", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => catalog.ListShowsAsync(0))).ParamName);
        Assert.Equal("limit", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => catalog.ListShowsAsync(AllocationLimits.MaxPageSize + 1))).ParamName);
        Assert.Equal("after", (await Assert.ThrowsAsync<ArgumentException>(() => catalog.ListShowsAsync(10, " "))).ParamName);
    }

    private Task<(IAllocationStrategy Strategy, IShowCatalog Catalog)> CreateAsync() =>
        Task.FromResult((Strategy, Strategy as IShowCatalog
            ?? throw new InvalidOperationException($"{Strategy.GetType().Name} must implement {nameof(IShowCatalog)} to run this suite.")));
}
