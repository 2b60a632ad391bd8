using System.Globalization;

namespace SeatAllocation.Benchmarks.Race;

/// <summary>
/// The verifier's verdict on one scenario × strategy, stated, not assumed: overbookings (seats in
/// two live allocations, more held + booked than the capacity), any other invariant violation, and
/// whether the store agrees with what the clients were told.
/// </summary>
internal sealed class Verdict
{
    private Verdict(int showsChecked, int overbooked, int otherViolations, IReadOnlyList<string> problems)
    {
        ShowsChecked = showsChecked;
        Overbooked = overbooked;
        OtherViolations = otherViolations;
        Problems = problems;
    }

    public int ShowsChecked { get; }

    /// <summary>Double-booked seats and over-capacity shows, from the verifier and from availability.</summary>
    public int Overbooked { get; }

    /// <summary>Partial allocations, counter mismatches, orphaned seats.</summary>
    public int OtherViolations { get; }

    /// <summary>One line per violation or disagreement.</summary>
    public IReadOnlyList<string> Problems { get; }

    public bool Passed => Overbooked == 0 && OtherViolations == 0 && Problems.Count == 0;

    /// <summary>The table cell, e.g. <c>overbooked: 0 ✔</c>.</summary>
    public string Summary => Passed
        ? "overbooked: 0 ✔"
        : string.Create(CultureInfo.InvariantCulture, $"overbooked: {Overbooked} ✘ (other violations: {OtherViolations}, problems: {Problems.Count})");

    /// <summary>Builds the verdict from each show's check, the verifier's report and the show's availability.</summary>
    public static Verdict From(IEnumerable<(ShowCheck Check, VerificationReport Report, ShowAvailability? Availability)> shows)
    {
        ArgumentNullException.ThrowIfNull(shows);
        var checkedShows = 0;
        var overbooked = 0;
        var other = 0;
        var problems = new List<string>();
        foreach (var (check, report, availability) in shows)
        {
            checkedShows++;
            foreach (var violation in report.Violations)
            {
                if (violation.Kind is ViolationKind.DoubleBookedSeat or ViolationKind.OverCapacity)
                {
                    overbooked++;
                }
                else
                {
                    other++;
                }

                problems.Add(violation.ToString());
            }

            if (availability is null)
            {
                problems.Add($"{check.ShowId}: the show is missing");
                continue;
            }

            // An independent look through the contract, so a verifier bug cannot hide an overbooking.
            if (availability.Held + availability.Booked > check.Capacity || availability.Booked > check.Capacity)
            {
                overbooked++;
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{check.ShowId}: {availability.Held} held + {availability.Booked} booked exceed the capacity {check.Capacity}"));
            }

            // A booking reported but not kept (or kept but not reported) is as bad as an overbooking.
            if (availability.Booked != check.BookedByClients)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{check.ShowId}: clients were told {check.BookedByClients} booked, the store holds {availability.Booked}"));
            }
        }

        return new Verdict(checkedShows, overbooked, other, problems);
    }
}
