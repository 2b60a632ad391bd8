using Npgsql;
using SeatAllocation.Postgres;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Schema;

/// <summary>The database itself refuses states that break the invariants, whatever code writes them.</summary>
public sealed class DatabaseConstraintTests
{
    [Fact]
    public async Task A_general_admission_show_cannot_hold_more_than_its_capacity()
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        var showId = NewShowId();
        await new PessimisticAllocationStrategy(dataSource).CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 5));

        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync(dataSource, "UPDATE {schema}.shows SET allocated = 6 WHERE show_id = $1", showId));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Equal("shows_allocated_within_capacity", error.ConstraintName);
    }

    [Fact]
    public async Task One_request_id_cannot_be_recorded_twice_for_a_show()
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        var strategy = new PessimisticAllocationStrategy(dataSource);
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 5));
        await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "r1", "ada", 1));

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(dataSource,
            "INSERT INTO {schema}.allocations (show_id, allocation_id, request_id, fingerprint, user_id, kind, state, seat_ids, quantity, created_at) "
            + "VALUES ($1, gen_random_uuid(), 'r1', 'x', 'bob', 'booking', 'booked', '{}', 1, now())", showId));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Equal("allocations_request_once", error.ConstraintName);
    }
}
