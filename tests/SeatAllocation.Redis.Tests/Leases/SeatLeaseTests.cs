namespace SeatAllocation.Redis.Tests.Leases;

/// <summary>Seat leases on the shared Redis server; <see cref="Cluster.ClusterSeatLeaseTests"/> runs them on a Redis Cluster.</summary>
public class SeatLeaseTests
{
    /// <summary>A Redis admission strategy (whose <see cref="RedisAdmissionStrategy.Leases"/> are tested) on the Redis under test.</summary>
    protected virtual Task<RedisAdmissionStrategy> CreateStrategyAsync() => RedisTestEnvironment.CreateStrategyAsync();

    [Fact]
    public async Task A_lease_blocks_other_buyers_of_its_seats_and_lets_its_holder_book_them()
    {
        var strategy = await CreateStrategyAsync();
        var showId = RedisTestEnvironment.NewId("lease");
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1", "A2", "A3"));

        var lease = await strategy.Leases.AcquireAsync(showId, "ada", ["A1", "A2"], TimeSpan.FromMinutes(2));
        var other = await strategy.BookAsync(AllocationRequest.ForSeats(showId, "bob-1", "bob", "A2", "A3"));
        var otherLease = await strategy.Leases.AcquireAsync(showId, "bob", ["A3", "A2"], TimeSpan.FromMinutes(2));
        var own = await strategy.HoldAsync(AllocationRequest.ForSeats(showId, "ada-1", "ada", "A1", "A2"), TimeSpan.FromMinutes(5));

        Assert.True(lease.Succeeded);
        Assert.Equal(["A2"], other.UnavailableSeatIds);
        Assert.Equal((SeatLeaseStatus.Unavailable, "A2"), (otherLease.Status, Assert.Single(otherLease.UnavailableSeatIds)));
        Assert.True(own.Succeeded, own.ToString());
        Assert.Equal(SeatLeaseStatus.Unavailable, (await strategy.Leases.AcquireAsync(showId, "bob", ["A1"], TimeSpan.FromMinutes(1))).Status);
    }

    [Fact]
    public async Task Extend_and_release_act_only_on_the_holders_own_leases()
    {
        var strategy = await CreateStrategyAsync();
        var showId = RedisTestEnvironment.NewId("lease");
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1", "A2"));
        Assert.True((await strategy.Leases.AcquireAsync(showId, "ada", ["A1"], TimeSpan.FromSeconds(30))).Succeeded);

        var extendOthers = await strategy.Leases.ExtendAsync(showId, "bob", ["A1"], TimeSpan.FromMinutes(5));
        var extendUnleased = await strategy.Leases.ExtendAsync(showId, "ada", ["A1", "A2"], TimeSpan.FromMinutes(5));
        var extended = await strategy.Leases.ExtendAsync(showId, "ada", ["A1"], TimeSpan.FromMinutes(5));
        var releasedByOther = await strategy.Leases.ReleaseAsync(showId, "bob", ["A1"]);
        var released = await strategy.Leases.ReleaseAsync(showId, "ada", ["A1", "A2"]);

        Assert.Equal(["A1"], extendOthers.UnavailableSeatIds);
        Assert.Equal(["A2"], extendUnleased.UnavailableSeatIds);
        Assert.True(extended.Succeeded);
        Assert.Equal((0, 1), (releasedByOther, released));
        Assert.True((await strategy.Leases.AcquireAsync(showId, "bob", ["A1"], TimeSpan.FromSeconds(30))).Succeeded);
    }

    [Fact]
    public async Task Booked_seats_cannot_be_leased_and_unknown_shows_are_not_found()
    {
        var strategy = await CreateStrategyAsync();
        var showId = RedisTestEnvironment.NewId("lease");
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1", "A2"));
        Assert.True((await strategy.BookAsync(AllocationRequest.ForSeats(showId, "r1", "ada", "A1"))).Succeeded);

        var booked = await strategy.Leases.AcquireAsync(showId, "bob", ["A1", "A2"], TimeSpan.FromSeconds(30));
        var unknown = await strategy.Leases.AcquireAsync(RedisTestEnvironment.NewId("nowhere"), "bob", ["A1"], TimeSpan.FromSeconds(30));

        Assert.Equal(["A1"], booked.UnavailableSeatIds);
        Assert.Equal(SeatLeaseStatus.NotFound, unknown.Status);
        Assert.True((await strategy.Leases.AcquireAsync(showId, "bob", ["A2"], TimeSpan.FromSeconds(30))).Succeeded);
    }

    [Theory]
    [InlineData("showId")]
    [InlineData("holderId")]
    [InlineData("seatIds")]
    [InlineData("duration")]
    public async Task Invalid_arguments_are_refused_naming_the_field(string field)
    {
        var strategy = await CreateStrategyAsync();
        var showId = field == "showId" ? " " : "show";
        var holderId = field == "holderId" ? new string('x', 200) : "ada";
        string[] seats = field == "seatIds" ? ["A1", "A1"] : ["A1"];
        var duration = field == "duration" ? TimeSpan.Zero : TimeSpan.FromSeconds(1);

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => strategy.Leases.AcquireAsync(showId, holderId, seats, duration));

        Assert.Equal(field, error.ParamName);
    }
}
