namespace SeatAllocation.Core.Tests.Requests;

public sealed class AllocationRequestTests
{
    [Theory]
    [MemberData(nameof(InvalidIds.All), MemberType = typeof(InvalidIds))]
    public void An_invalid_show_id_is_refused_naming_the_field(string? showId)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => AllocationRequest.ForSeats(showId!, "req", "ada", "A1"));

        Assert.Equal("showId", error.ParamName);
    }

    [Theory]
    [MemberData(nameof(InvalidIds.All), MemberType = typeof(InvalidIds))]
    public void An_invalid_request_id_is_refused_naming_the_field(string? requestId)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => AllocationRequest.ForQuantity("show", requestId!, "ada", 1));

        Assert.Equal("requestId", error.ParamName);
    }

    [Theory]
    [MemberData(nameof(InvalidIds.All), MemberType = typeof(InvalidIds))]
    public void An_invalid_user_id_is_refused_naming_the_field(string? userId)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => AllocationRequest.ForSeats("show", "req", userId!, "A1"));

        Assert.Equal("userId", error.ParamName);
    }

    [Theory]
    [MemberData(nameof(InvalidIds.All), MemberType = typeof(InvalidIds))]
    public void An_invalid_seat_id_is_refused_naming_the_seat_list(string? seatId)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => AllocationRequest.ForSeats("show", "req", "ada", "A1", seatId!));

        Assert.Equal("seatIds", error.ParamName);
    }

    [Fact]
    public void An_empty_seat_list_is_refused()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => AllocationRequest.ForSeats("show", "req", "ada", []));

        Assert.Equal("seatIds", error.ParamName);
    }

    [Fact]
    public void A_missing_seat_list_is_refused()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => AllocationRequest.ForSeats("show", "req", "ada", (IEnumerable<string>)null!));

        Assert.Equal("seatIds", error.ParamName);
    }

    [Fact]
    public void A_seat_list_longer_than_the_largest_capacity_is_refused()
    {
        var seats = Enumerable.Repeat("A1", AllocationLimits.MaxCapacity + 1);

        var error = Assert.ThrowsAny<ArgumentException>(() => AllocationRequest.ForSeats("show", "req", "ada", seats));

        Assert.Equal("seatIds", error.ParamName);
    }

    [Fact]
    public void A_seat_named_twice_is_refused_and_the_message_names_the_seat()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => AllocationRequest.ForSeats("show", "req", "ada", "A1", "B7", "C3", "B7"));

        Assert.Equal("seatIds", error.ParamName);
        Assert.Contains("B7", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("A1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seat_ids_differing_only_in_case_are_different_seats()
    {
        var request = AllocationRequest.ForSeats("show", "req", "ada", "a1", "A1");

        Assert.Equal(["A1", "a1"], request.SeatIds);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(AllocationLimits.MaxCapacity + 1)]
    [InlineData(int.MaxValue)]
    public void A_quantity_out_of_range_is_refused_naming_the_field(int quantity)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => AllocationRequest.ForQuantity("show", "req", "ada", quantity));

        Assert.Equal("quantity", error.ParamName);
    }

    [Fact]
    public void Giving_both_seats_and_a_quantity_is_refused()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new AllocationRequest("show", "req", "ada", ["A1"], quantity: 1));

        Assert.Equal("seatIds", error.ParamName);
        Assert.Contains("quantity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Giving_neither_seats_nor_a_quantity_is_refused()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new AllocationRequest("show", "req", "ada"));

        Assert.Equal("seatIds", error.ParamName);
        Assert.Contains("quantity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seat_ids_are_returned_in_ordinal_order_and_set_the_quantity()
    {
        var request = AllocationRequest.ForSeats("show", "req", "ada", "b2", "B10", "A1", "B2", "a1");

        Assert.Equal(["A1", "B10", "B2", "a1", "b2"], request.SeatIds);
        Assert.Equal(5, request.Quantity);
        Assert.True(request.IsForSpecificSeats);
    }

    [Fact]
    public void Sorting_the_seats_does_not_touch_the_callers_array()
    {
        string[] seats = ["C3", "A1", "B2"];

        _ = AllocationRequest.ForSeats("show", "req", "ada", seats);

        Assert.Equal(["C3", "A1", "B2"], seats);
    }

    [Fact]
    public void A_quantity_request_has_no_seat_ids()
    {
        var request = AllocationRequest.ForQuantity("show", "req", "ada", 3);

        Assert.Empty(request.SeatIds);
        Assert.Equal(3, request.Quantity);
        Assert.False(request.IsForSpecificSeats);
        Assert.Equal(("show", "req", "ada"), (request.ShowId, request.RequestId, request.UserId));
    }

    [Fact]
    public void Ids_of_exactly_the_longest_allowed_length_are_accepted()
    {
        var id = InvalidIds.Longest;

        var request = AllocationRequest.ForSeats(id, id, id, id);

        Assert.Equal((id, id, id), (request.ShowId, request.RequestId, request.UserId));
        Assert.Equal([id], request.SeatIds);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(AllocationLimits.MaxCapacity)]
    public void Quantities_from_one_to_the_largest_capacity_are_accepted(int quantity)
    {
        var request = new AllocationRequest("show", "req", "ada", quantity: quantity);

        Assert.Equal(quantity, request.Quantity);
    }

    [Fact]
    public void The_fingerprint_is_the_same_for_the_same_seats_in_a_different_order()
    {
        var first = AllocationRequest.ForSeats("show", "req-1", "ada", "A1", "B2", "C3");
        var second = AllocationRequest.ForSeats("show", "req-1", "ada", "C3", "A1", "B2");

        Assert.Equal(first.Fingerprint, second.Fingerprint);
    }

    [Fact]
    public void The_fingerprint_describes_the_payload_not_the_show_or_request_id()
    {
        var first = AllocationRequest.ForQuantity("show-1", "req-1", "ada", 2);
        var second = AllocationRequest.ForQuantity("show-2", "req-2", "ada", 2);

        Assert.Equal(first.Fingerprint, second.Fingerprint);
    }

    public static TheoryData<AllocationRequest> DifferentPayloads { get; } = new()
    {
        AllocationRequest.ForSeats("show", "req", "bob", "A1", "B2"),
        AllocationRequest.ForSeats("show", "req", "ada", "A1"),
        AllocationRequest.ForSeats("show", "req", "ada", "A1", "B3"),
        AllocationRequest.ForSeats("show", "req", "ada", "A1", "B2", "C3"),
        AllocationRequest.ForQuantity("show", "req", "ada", 2),
    };

    [Theory]
    [MemberData(nameof(DifferentPayloads))]
    public void The_fingerprint_differs_when_the_user_seats_or_quantity_differ(AllocationRequest other)
    {
        var request = AllocationRequest.ForSeats("show", "req", "ada", "A1", "B2");

        Assert.NotEqual(request.Fingerprint, other.Fingerprint);
    }

    [Fact]
    public void The_fingerprint_differs_for_different_quantities()
    {
        var two = AllocationRequest.ForQuantity("show", "req", "ada", 2);
        var three = AllocationRequest.ForQuantity("show", "req", "ada", 3);
        var twoForBob = AllocationRequest.ForQuantity("show", "req", "bob", 2);

        Assert.Equal(3, new[] { two.Fingerprint, three.Fingerprint, twoForBob.Fingerprint }.Distinct(StringComparer.Ordinal).Count());
    }

    // Ids may contain the separators: ["1", "A"] and ["1,A"] must not look like the same payload,
    // or a reused request id would be replayed instead of refused.
    [Fact]
    public void The_fingerprint_differs_when_a_seat_id_contains_the_separator()
    {
        var twoSeats = AllocationRequest.ForSeats("show", "req", "ada", "1", "A");
        var oneSeat = AllocationRequest.ForSeats("show", "req", "ada", "1,A");

        var sneakyUser = AllocationRequest.ForQuantity("show", "req", "ada;quantity=2", 2);
        var plainUser = AllocationRequest.ForQuantity("show", "req", "ada", 2);

        Assert.NotEqual(twoSeats.Fingerprint, oneSeat.Fingerprint);
        Assert.NotEqual(sneakyUser.Fingerprint, plainUser.Fingerprint);
    }
}
