namespace SeatAllocation.Core.Tests.Shows;

/// <summary>
/// <see cref="BestAvailableChooser"/> on its own, as a strategy of a user's own or a UI previewing a
/// choice would call it. Its preferences are tested through every strategy by the kit's
/// SeatMapConformanceTests; these cover what only a direct caller sees.
/// </summary>
public sealed class BestAvailableChooserTests
{
    private static readonly SeatMapSeat[] RowOfSix = [.. Enumerable.Range(1, 6).Select(position => new SeatMapSeat($"A{position}", "Stalls", "A", position))];

    [Fact]
    public void Chooses_from_the_seats_the_caller_says_are_free_and_takes_nothing()
    {
        var chooser = new BestAvailableChooser(RowOfSix);
        var taken = new HashSet<string> { "A3" };

        var first = chooser.Choose(2, new BestAvailableOptions(), seat => !taken.Contains(seat));
        var again = chooser.Choose(2, new BestAvailableOptions(), seat => !taken.Contains(seat));

        // Without A3, A1 + A2 strand nobody; A4 + A5 rank better but would strand A6.
        Assert.Equal(new SeatChoice(AllocationStatus.Allocated, first.SeatIds, Together: true), first);
        Assert.Equal(["A1", "A2"], first.SeatIds);
        Assert.Equal(first.SeatIds, again.SeatIds);
    }

    [Fact]
    public void Says_why_there_are_no_seats()
    {
        var chooser = new BestAvailableChooser(RowOfSix);
        var free = new HashSet<string> { "A1", "A3", "A5" };

        Assert.Equal(AllocationStatus.NotEnoughTogether, chooser.Choose(2, new BestAvailableOptions(), free.Contains).Status);
        Assert.Equal(AllocationStatus.Unavailable, chooser.Choose(4, new BestAvailableOptions(), free.Contains).Status);
        var split = chooser.Choose(2, new BestAvailableOptions { Together = false }, free.Contains);
        Assert.Equal(AllocationStatus.Allocated, split.Status);
        Assert.False(split.Together);
        Assert.Equal(2, split.SeatIds.Count);
    }

    [Fact]
    public void Gives_unranked_seats_the_default_rank()
    {
        // Ranked explicitly, A6 is the best seat; unranked, the middle of the row is.
        var chooser = new BestAvailableChooser(RowOfSix.Select(seat => seat.Id == "A6" ? seat with { Rank = 0 } : seat));

        Assert.Equal(["A6"], chooser.Choose(1, new BestAvailableOptions(), _ => true).SeatIds);
        Assert.Equal(["A3"], new BestAvailableChooser(RowOfSix).Choose(1, new BestAvailableOptions(), _ => true).SeatIds);
    }

    [Fact]
    public void Bad_arguments_are_refused_with_the_field_named()
    {
        var chooser = new BestAvailableChooser(RowOfSix);

        Assert.Equal("seats", Assert.Throws<ArgumentException>(() => new BestAvailableChooser([])).ParamName);
        Assert.Equal("seats", Assert.Throws<ArgumentException>(() => new BestAvailableChooser([RowOfSix[0], RowOfSix[0]])).ParamName);
        Assert.Equal("quantity", Assert.ThrowsAny<ArgumentException>(() => chooser.Choose(0, new BestAvailableOptions(), _ => true)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => chooser.Choose(1, null!, _ => true)).ParamName);
        Assert.Equal("isFree", Assert.Throws<ArgumentNullException>(() => chooser.Choose(1, new BestAvailableOptions(), null!)).ParamName);
    }
}
