namespace SeatAllocation.Core.Tests.Shows;

public sealed class ShowLimitsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(AllocationLimits.MaxCapacity + 1)]
    public void A_per_user_limit_out_of_range_is_refused_and_named(int limit)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ShowDefinition.GeneralAdmission("show", 10).WithMaxSeatsPerUser(limit));
        Assert.Equal("maxSeatsPerUser", error.ParamName);
    }

    [Fact]
    public void A_hold_lifetime_cap_must_be_positive_at_most_a_day_and_whole_milliseconds()
    {
        var show = ShowDefinition.GeneralAdmission("show", 10);
        Assert.Equal("maxHoldLifetime", Assert.Throws<ArgumentOutOfRangeException>(() => show.WithMaxHoldLifetime(TimeSpan.Zero)).ParamName);
        Assert.Equal("maxHoldLifetime", Assert.Throws<ArgumentOutOfRangeException>(() => show.WithMaxHoldLifetime(AllocationLimits.MaxHoldDuration + TimeSpan.FromMilliseconds(1))).ParamName);
        Assert.Equal("maxHoldLifetime", Assert.Throws<ArgumentOutOfRangeException>(() => show.WithMaxHoldLifetime(TimeSpan.FromTicks(1))).ParamName);
    }

    [Fact]
    public void Limits_are_kept_by_every_other_change_and_part_of_the_fingerprint()
    {
        var plain = ShowDefinition.Seated("show", "A1", "A2");
        var limited = plain.WithMaxSeatsPerUser(4).WithMaxHoldLifetime(TimeSpan.FromHours(2)).WithRequestId("create-1");

        Assert.Equal((4, TimeSpan.FromHours(2), "create-1"), (limited.MaxSeatsPerUser, limited.MaxHoldLifetime, limited.RequestId));
        Assert.Equal(plain.SeatIds, limited.SeatIds);
        Assert.Null(plain.MaxSeatsPerUser);
        Assert.Null(plain.MaxHoldLifetime);
        string[] fingerprints = [plain.Fingerprint, plain.WithMaxSeatsPerUser(4).Fingerprint, plain.WithMaxSeatsPerUser(5).Fingerprint,
            plain.WithMaxHoldLifetime(TimeSpan.FromHours(2)).Fingerprint, limited.Fingerprint];
        Assert.Equal(fingerprints.Length, fingerprints.Distinct().Count());
        Assert.Equal(plain.Fingerprint, plain.WithRequestId("create-2").Fingerprint);
    }

    [Fact]
    public async Task Extending_by_nothing_or_more_than_a_day_is_refused_before_anything_is_read()
    {
        var strategy = new InMemoryAllocationStrategy();
        var hold = new AllocationReference("show", "id", "ada");
        Assert.Equal("extension", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => strategy.ExtendAsync(hold, TimeSpan.Zero))).ParamName);
        Assert.Equal("extension", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => strategy.ExtendAsync(hold, TimeSpan.FromDays(2)))).ParamName);
        Assert.Equal("hold", (await Assert.ThrowsAsync<ArgumentNullException>(() => strategy.ExtendAsync(null!, TimeSpan.FromMinutes(1)))).ParamName);
    }
}
