using SeatAllocation.Benchmarks.Race;

namespace SeatAllocation.Benchmarks.Tests.Race;

public class VerdictTests
{
    private static readonly VerificationReport Clean = new(1, []);

    [Fact]
    public void A_clean_show_that_agrees_with_its_clients_passes_and_says_overbooked_zero()
    {
        var verdict = Verdict.From([(new ShowCheck("s", 10, 10), Clean, new ShowAvailability("s", true, 10, 0, 0, 10))]);

        Assert.True(verdict.Passed);
        Assert.Equal(0, verdict.Overbooked);
        Assert.Equal("overbooked: 0 ✔", verdict.Summary);
    }

    [Fact]
    public void Double_booked_seats_and_over_capacity_count_as_overbooked()
    {
        var report = new VerificationReport(1, [
            new InvariantViolation("s", ViolationKind.DoubleBookedSeat, "seat A1 is in x, y"),
            new InvariantViolation("s", ViolationKind.OverCapacity, "11 held or booked, capacity 10"),
            new InvariantViolation("s", ViolationKind.OrphanedSeat, "seat A2 points at z")]);

        var verdict = Verdict.From([(new ShowCheck("s", 10, 10), report, new ShowAvailability("s", true, 10, 0, 0, 10))]);

        Assert.False(verdict.Passed);
        Assert.Equal(2, verdict.Overbooked);
        Assert.Equal(1, verdict.OtherViolations);
        Assert.StartsWith("overbooked: 2 ✘", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void More_held_and_booked_than_the_capacity_is_an_overbooking_even_when_the_verifier_saw_nothing()
    {
        var verdict = Verdict.From([(new ShowCheck("s", 10, 9), Clean, new ShowAvailability("s", false, 10, -1, 2, 9))]);

        Assert.Equal(1, verdict.Overbooked);
        Assert.False(verdict.Passed);
    }

    [Fact]
    public void A_booking_the_clients_were_told_about_but_the_store_lacks_fails_the_verdict()
    {
        var verdict = Verdict.From([(new ShowCheck("s", 10, 10), Clean, new ShowAvailability("s", true, 10, 1, 0, 9))]);

        Assert.False(verdict.Passed);
        Assert.Equal(0, verdict.Overbooked);
        Assert.Contains(verdict.Problems, p => p.Contains("clients were told 10 booked, the store holds 9", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_show_fails_the_verdict()
    {
        var verdict = Verdict.From([(new ShowCheck("s", 10, 0), Clean, (ShowAvailability?)null)]);

        Assert.False(verdict.Passed);
    }

    [Fact]
    public void Every_show_is_counted()
    {
        var verdict = Verdict.From([
            (new ShowCheck("a", 10, 10), Clean, new ShowAvailability("a", true, 10, 0, 0, 10)),
            (new ShowCheck("b", 10, 10), Clean, new ShowAvailability("b", true, 10, 0, 0, 10))]);

        Assert.Equal(2, verdict.ShowsChecked);
    }
}
