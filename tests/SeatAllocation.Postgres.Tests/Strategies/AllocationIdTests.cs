using SeatAllocation.Postgres;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Strategies;

/// <summary>
/// Allocation ids are time-ordered UUIDs (version 7), so a show's new allocations go in at one edge
/// of the allocations' primary key rather than all over it.
/// </summary>
public sealed class AllocationIdTests
{
    [Theory]
    [MemberData(nameof(FailureTests.Strategies), MemberType = typeof(FailureTests))]
    public async Task Allocation_ids_are_version_7_uuids_that_sort_in_the_order_they_were_made(string strategyName)
    {
        var strategy = CreateStrategy(strategyName, await PostgresTestDatabase.GetAsync());
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 10));

        var hold = await strategy.HoldAsync(AllocationRequest.ForQuantity(showId, "first", "ada", 1), TimeSpan.FromMinutes(5));
        await Task.Delay(TimeSpan.FromMilliseconds(5)); // the next id's millisecond timestamp is later
        var booking = await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "second", "bob", 2));

        var ids = new[] { hold, booking }.Select(result => Guid.Parse(result.Allocation!.Id)).ToArray();
        Assert.All(ids, id => Assert.Equal(7, id.Version));
        Assert.True(string.CompareOrdinal(ids[0].ToString("N"), ids[1].ToString("N")) < 0, $"{ids[0]:N} should sort before {ids[1]:N}");
    }
}
