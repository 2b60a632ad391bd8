namespace SeatAllocation.Core.Tests.Shows;

public sealed class ShowDefinitionTests
{
    [Theory]
    [MemberData(nameof(InvalidIds.All), MemberType = typeof(InvalidIds))]
    public void A_seated_show_with_an_invalid_id_is_refused_naming_the_field(string? showId)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ShowDefinition.Seated(showId!, "A1"));

        Assert.Equal("showId", error.ParamName);
    }

    [Theory]
    [MemberData(nameof(InvalidIds.All), MemberType = typeof(InvalidIds))]
    public void A_general_admission_show_with_an_invalid_id_is_refused_naming_the_field(string? showId)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ShowDefinition.GeneralAdmission(showId!, 10));

        Assert.Equal("showId", error.ParamName);
    }

    [Theory]
    [MemberData(nameof(InvalidIds.All), MemberType = typeof(InvalidIds))]
    public void An_invalid_seat_id_is_refused_naming_the_seat_list(string? seatId)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ShowDefinition.Seated("show", "A1", seatId!));

        Assert.Equal("seatIds", error.ParamName);
    }

    [Fact]
    public void A_seated_show_without_seats_is_refused()
    {
        Assert.Equal("seatIds", Assert.ThrowsAny<ArgumentException>(() => ShowDefinition.Seated("show")).ParamName);
        Assert.Equal("seatIds", Assert.ThrowsAny<ArgumentException>(() => ShowDefinition.Seated("show", (IEnumerable<string>)null!)).ParamName);
    }

    [Fact]
    public void A_seated_show_with_more_seats_than_the_largest_capacity_is_refused()
    {
        var seats = Enumerable.Repeat("A1", AllocationLimits.MaxCapacity + 1);

        Assert.Equal("seatIds", Assert.ThrowsAny<ArgumentException>(() => ShowDefinition.Seated("show", seats)).ParamName);
    }

    [Fact]
    public void A_seat_named_twice_is_refused_and_the_message_names_the_seat()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ShowDefinition.Seated("show", "A1", "Z9", "B2", "Z9"));

        Assert.Equal("seatIds", error.ParamName);
        Assert.Contains("Z9", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(AllocationLimits.MaxCapacity + 1)]
    [InlineData(int.MaxValue)]
    public void A_capacity_out_of_range_is_refused_naming_the_field(int capacity)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ShowDefinition.GeneralAdmission("show", capacity));

        Assert.Equal("capacity", error.ParamName);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(AllocationLimits.MaxCapacity)]
    public void A_general_admission_show_has_its_capacity_and_no_named_seats(int capacity)
    {
        var show = ShowDefinition.GeneralAdmission("show", capacity);

        Assert.Equal("show", show.ShowId);
        Assert.Equal(capacity, show.Capacity);
        Assert.Empty(show.SeatIds);
        Assert.False(show.IsSeated);
    }

    [Fact]
    public void A_seated_show_lists_its_seats_in_ordinal_order_and_its_capacity_is_their_number()
    {
        var show = ShowDefinition.Seated("show", "b1", "B2", "A10", "A2", "a1");

        Assert.Equal(["A10", "A2", "B2", "a1", "b1"], show.SeatIds);
        Assert.Equal(5, show.Capacity);
        Assert.True(show.IsSeated);
    }

    [Fact]
    public void Ids_of_exactly_the_longest_allowed_length_are_accepted()
    {
        var id = InvalidIds.Longest;

        var show = ShowDefinition.Seated(id, id);

        Assert.Equal(id, show.ShowId);
        Assert.Equal([id], show.SeatIds);
        Assert.Equal(id, ShowDefinition.GeneralAdmission(id, 1).ShowId);
    }

    [Theory]
    [MemberData(nameof(InvalidIds.All), MemberType = typeof(InvalidIds))]
    public void An_invalid_request_id_is_refused_naming_the_field(string? requestId)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ShowDefinition.GeneralAdmission("show", 10).WithRequestId(requestId!));

        Assert.Equal("requestId", error.ParamName);
    }

    [Fact]
    public void A_request_id_keeps_the_show_as_it_was()
    {
        var show = ShowDefinition.Seated("show", "B1", "A1");

        var keyed = show.WithRequestId("create-1");

        Assert.Equal(("show", 2, "create-1"), (keyed.ShowId, keyed.Capacity, keyed.RequestId));
        Assert.Equal(["A1", "B1"], keyed.SeatIds);
        Assert.Null(show.RequestId);
        Assert.Equal(show.Fingerprint, keyed.Fingerprint);
    }

    [Fact]
    public void The_fingerprint_tells_shows_apart_but_not_the_order_their_seats_were_given_in()
    {
        var fingerprint = ShowDefinition.Seated("show", "A1", "A2").Fingerprint;

        Assert.Equal(fingerprint, ShowDefinition.Seated("show", "A2", "A1").Fingerprint);
        Assert.Matches("^[0-9a-f]{64}$", fingerprint);
        string[] others =
        [
            ShowDefinition.Seated("show2", "A1", "A2").Fingerprint,
            ShowDefinition.Seated("show", "A1").Fingerprint,
            ShowDefinition.Seated("show", "A1,A2").Fingerprint,
            ShowDefinition.GeneralAdmission("show", 2).Fingerprint,
            ShowDefinition.GeneralAdmission("show", 3).Fingerprint,
        ];
        Assert.Equal(others.Length + 1, others.Append(fingerprint).Distinct().Count());
    }
}
