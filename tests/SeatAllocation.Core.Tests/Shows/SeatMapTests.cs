using System.Security.Cryptography;
using System.Text;

namespace SeatAllocation.Core.Tests.Shows;

public sealed class SeatMapTests
{
    private static SeatMapSeat Seat(string id, string row = "A", int position = 1, string section = "Stalls") => new(id, section, row, position);

    public static TheoryData<string, SeatMapSeat[]> InvalidMaps { get; } = new()
    {
        { "Id", [Seat("A1"), Seat(" ", position: 2)] },
        { "Id", [Seat(new string('x', AllocationLimits.MaxIdLength + 1))] },
        { "Section", [Seat("A1", section: "")] },
        { "Section", [Seat("A1", section: "stalls\n")] },
        { "Row", [Seat("A1", row: "  ")] },
        { "Row", [Seat("A1", row: null!)] },
        { "Position", [Seat("A1", position: 0)] },
        { "Position", [Seat("A1", position: -3)] },
        { "Position", [Seat("A1", position: AllocationLimits.MaxCapacity + 1)] },
        { "Category", [Seat("A1") with { Category = "" }] },
        { "Rank", [Seat("A1") with { Rank = -1 }] },
        { "'A1' is in the map more than once", [Seat("A1"), Seat("A1", position: 2)] },
        { "position 2 of row 'A' in section 'Stalls' is given to two seats", [Seat("A1", position: 2), Seat("A2", position: 2)] },
        { "[1] is null", [Seat("A1"), null!] },
    };

    [Theory]
    [MemberData(nameof(InvalidMaps))]
    public void An_invalid_seat_map_is_refused_naming_the_seat_and_the_field(string expected, SeatMapSeat[] seats)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ShowDefinition.Seated("show", seats));

        Assert.Equal("seats", error.ParamName);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_empty_seat_map_is_refused()
    {
        Assert.Equal("seats", Assert.ThrowsAny<ArgumentException>(() => ShowDefinition.Seated("show", (IEnumerable<SeatMapSeat>)null!)).ParamName);
        Assert.Equal("seats", Assert.ThrowsAny<ArgumentException>(() => ShowDefinition.Seated("show", Array.Empty<SeatMapSeat>())).ParamName);
    }

    [Theory]
    [MemberData(nameof(InvalidIds.All), MemberType = typeof(InvalidIds))]
    public void A_seat_map_show_with_an_invalid_id_is_refused_naming_the_field(string? showId)
    {
        Assert.Equal("showId", Assert.ThrowsAny<ArgumentException>(() => ShowDefinition.Seated(showId!, [Seat("A1")])).ParamName);
    }

    [Fact]
    public void The_same_position_in_another_row_or_section_is_another_seat()
    {
        var show = ShowDefinition.Seated("show", [Seat("A1"), Seat("B1", row: "B"), Seat("C1", section: "Circle")]);

        Assert.Equal(3, show.Capacity);
        Assert.True(show.IsSeated);
        Assert.True(show.HasSeatMap);
        Assert.Equal(["A1", "B1", "C1"], show.SeatIds);
    }

    [Fact]
    public void A_show_of_plain_seat_ids_has_no_seat_map()
    {
        Assert.False(ShowDefinition.Seated("show", "A1").HasSeatMap);
        Assert.False(ShowDefinition.GeneralAdmission("show", 3).HasSeatMap);
        Assert.Empty(ShowDefinition.Seated("show", "A1").Seats);
    }

    [Fact]
    public void Default_ranks_favour_the_front_row_and_the_middle_of_a_row_in_the_order_rows_first_appear()
    {
        // Row B is listed first, so it is the front row; positions 1-5 (middle 3) and 2-5 (middle 3.5).
        var show = ShowDefinition.Seated("show", [
            .. Enumerable.Range(1, 5).Select(p => Seat($"B{p}", row: "B", position: p)),
            .. Enumerable.Range(2, 4).Select(p => Seat($"A{p}", row: "A", position: p)),
            Seat("C9", row: "C", position: 9) with { Rank = 7 },
        ]);

        var ranks = show.Seats.ToDictionary(seat => seat.Id, seat => seat.Rank);

        Assert.Equal([4, 2, 0, 2, 4], new[] { "B1", "B2", "B3", "B4", "B5" }.Select(id => ranks[id]));
        Assert.Equal([5, 3, 3, 5], new[] { "A2", "A3", "A4", "A5" }.Select(id => ranks[id]));
        Assert.Equal(7, ranks["C9"]);
        Assert.Equal(["B1", "B2", "B3", "B4", "B5", "A2", "A3", "A4", "A5", "C9"], show.Seats.Select(seat => seat.Id));
    }

    [Fact]
    public void A_seat_map_is_fingerprinted_by_every_field_but_not_the_order_of_seats_with_explicit_ranks()
    {
        SeatMapSeat[] seats = [Seat("A1") with { Rank = 1 }, Seat("A2", position: 2) with { Rank = 2 }];
        var fingerprint = ShowDefinition.Seated("show", seats).Fingerprint;

        Assert.Equal(fingerprint, ShowDefinition.Seated("show", seats.Reverse()).Fingerprint);
        string[] others =
        [
            ShowDefinition.Seated("show", "A1", "A2").Fingerprint,
            ShowDefinition.Seated("show", [seats[0], seats[1] with { Rank = 3 }]).Fingerprint,
            ShowDefinition.Seated("show", [seats[0], seats[1] with { Category = "premium" }]).Fingerprint,
            ShowDefinition.Seated("show", [seats[0], seats[1] with { Accessible = true }]).Fingerprint,
            ShowDefinition.Seated("show", [seats[0], seats[1] with { Position = 3 }]).Fingerprint,
            ShowDefinition.Seated("show", [seats[0], seats[1] with { Row = "B" }]).Fingerprint,
            ShowDefinition.Seated("show", [seats[0], seats[1] with { Section = "Circle" }]).Fingerprint,
        ];
        Assert.Equal(others.Length + 1, others.Append(fingerprint).Distinct().Count());
    }

    [Fact]
    public void A_show_of_plain_seat_ids_keeps_the_fingerprint_stored_before_seat_maps()
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("show=4:show;seats=2:A1,2:A2")));

        Assert.Equal(expected, ShowDefinition.Seated("show", "A2", "A1").Fingerprint);
    }

    [Fact]
    public void A_request_id_keeps_the_seat_map()
    {
        var show = ShowDefinition.Seated("show", [Seat("A1") with { Category = "premium" }]);

        var keyed = show.WithRequestId("create-1");

        Assert.Equal(show.Seats, keyed.Seats);
        Assert.Equal(show.Fingerprint, keyed.Fingerprint);
    }
}
