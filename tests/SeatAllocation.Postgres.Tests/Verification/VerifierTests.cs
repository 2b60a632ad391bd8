using SeatAllocation.Postgres;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Verification;

/// <summary>The verifier is only worth its "no violation" if it finds violations: each test breaks the tables by hand.</summary>
public sealed class VerifierTests
{
    private readonly Task<PessimisticAllocationStrategy> _strategy = PostgresTestDatabase.GetAsync().ContinueWith(t => new PessimisticAllocationStrategy(t.Result), TaskScheduler.Default);

    [Fact]
    public async Task It_reports_a_seat_in_two_live_bookings()
    {
        var strategy = await _strategy;
        var showId = await SeatedShowAsync(strategy, "A1", "A2");
        await strategy.BookAsync(AllocationRequest.ForSeats(showId, "r1", "ada", "A1"));

        await ExecuteAsync(await PostgresTestDatabase.GetAsync(),
            "INSERT INTO {schema}.allocations (show_id, allocation_id, request_id, fingerprint, user_id, kind, state, seat_ids, quantity, created_at) "
            + "VALUES ($1, gen_random_uuid(), 'forged', 'x', 'mallory', 'booking', 'booked', '{A1}', 1, now())", showId);

        var report = await strategy.VerifyAsync(showId);
        Assert.Contains(report.Violations, v => v.Kind == ViolationKind.DoubleBookedSeat && v.Detail.Contains("A1", StringComparison.Ordinal));
        Assert.Contains(report.Violations, v => v.Kind == ViolationKind.PartialAllocation);
    }

    [Fact]
    public async Task It_reports_more_held_and_booked_than_the_capacity()
    {
        var strategy = await _strategy;
        var showId = await SeatedShowAsync(strategy, "A1", "A2");

        await ExecuteAsync(await PostgresTestDatabase.GetAsync(),
            "INSERT INTO {schema}.allocations (show_id, allocation_id, request_id, fingerprint, user_id, kind, state, seat_ids, quantity, created_at) "
            + "VALUES ($1, gen_random_uuid(), 'forged', 'x', 'mallory', 'booking', 'booked', '{}', 3, now())", showId);

        var report = await strategy.VerifyAsync(showId);
        Assert.Contains(report.Violations, v => v.Kind == ViolationKind.OverCapacity);
    }

    [Fact]
    public async Task It_reports_a_booking_that_lost_part_of_its_seats()
    {
        var strategy = await _strategy;
        var showId = await SeatedShowAsync(strategy, "A1", "A2");
        await strategy.BookAsync(AllocationRequest.ForSeats(showId, "r1", "ada", "A1", "A2"));

        await ExecuteAsync(await PostgresTestDatabase.GetAsync(), "UPDATE {schema}.seats SET holder_id = NULL WHERE show_id = $1 AND seat_id = 'A2'", showId);

        var report = await strategy.VerifyAsync(showId);
        Assert.Equal(ViolationKind.PartialAllocation, Assert.Single(report.Violations).Kind);
    }

    [Fact]
    public async Task It_reports_a_seat_left_pointing_at_a_cancelled_booking()
    {
        var strategy = await _strategy;
        var showId = await SeatedShowAsync(strategy, "A1");
        await strategy.BookAsync(AllocationRequest.ForSeats(showId, "r1", "ada", "A1"));

        await ExecuteAsync(await PostgresTestDatabase.GetAsync(), "UPDATE {schema}.allocations SET state = 'cancelled' WHERE show_id = $1", showId);

        var report = await strategy.VerifyAsync(showId);
        Assert.Equal(ViolationKind.OrphanedSeat, Assert.Single(report.Violations).Kind);
    }

    /// <summary>
    /// seats.holder_id has no foreign key since schema migration 7 (the library never leaves a seat to
    /// a missing holder, and triggers keep allocations from being deleted); a hand-written update that
    /// does is what the verifier is for.
    /// </summary>
    [Fact]
    public async Task It_reports_a_seat_pointing_at_an_allocation_that_does_not_exist()
    {
        var strategy = await _strategy;
        var showId = await SeatedShowAsync(strategy, "A1", "A2");
        await strategy.BookAsync(AllocationRequest.ForSeats(showId, "r1", "ada", "A1"));

        await ExecuteAsync(await PostgresTestDatabase.GetAsync(), "UPDATE {schema}.seats SET holder_id = '00000000-0000-0000-0000-000000000001' WHERE show_id = $1 AND seat_id = 'A2'", showId);

        var report = await strategy.VerifyAsync(showId);
        var violation = Assert.Single(report.Violations);
        Assert.Equal((ViolationKind.OrphanedSeat, "seat A2 points at 00000000-0000-0000-0000-000000000001, which is missing"), (violation.Kind, violation.Detail));
    }

    [Fact]
    public async Task It_reports_general_admission_counters_that_disagree_with_the_bookings()
    {
        var strategy = await _strategy;
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 10));
        await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "r1", "ada", 3));

        await ExecuteAsync(await PostgresTestDatabase.GetAsync(), "UPDATE {schema}.shows SET allocated = 2, booked = 2 WHERE show_id = $1", showId);

        var report = await strategy.VerifyAsync(showId);
        var violation = Assert.Single(report.Violations);
        Assert.Equal(ViolationKind.CounterMismatch, violation.Kind);
        Assert.Contains("2 allocated / 2 booked, allocations say 3 / 3", violation.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_checks_every_show_when_no_show_is_named()
    {
        var strategy = await _strategy;
        await SeatedShowAsync(strategy, "A1");
        await SeatedShowAsync(strategy, "A1");

        var report = await strategy.VerifyAsync();

        Assert.True(report.ShowsChecked >= 2);
    }

    private static async Task<string> SeatedShowAsync(PessimisticAllocationStrategy strategy, params string[] seats)
    {
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, seats));
        return showId;
    }
}
