using System.Net;
using SeatAllocation.Servers;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>A request that cannot get its row lock in time is a 503 with Retry-After, not a 409 and not a 500.</summary>
public sealed class ContentionTests
{
    [Fact]
    public async Task A_lock_wait_that_times_out_answers_503_with_retry_after_and_books_nothing()
    {
        await using var app = await SampleApp.StartAsync(new Dictionary<string, string?>
        {
            ["SeatAllocation:Strategy"] = "Pessimistic",
            ["ConnectionStrings:Postgres"] = await TestPostgres.GetConnectionStringAsync(),
            ["SeatAllocation:Postgres:LockTimeout"] = "00:00:00.200",
            ["SeatAllocation:Postgres:ExpiredHoldSweepInterval"] = "00:00:00",
        });
        var client = app.CreateSeatsClient();
        var showId = await client.CreateSeatedShowAsync(2);
        var key = SeatsClient.NewKey();

        // Another session holds seat A1's row lock, as a slow transaction of another server would.
        var dataSource = await TestPostgres.GetDataSourceAsync();
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var lockSeat = new Npgsql.NpgsqlCommand("SELECT 1 FROM seat_allocation.seats WHERE show_id = $1 AND seat_id = 'A1' FOR UPDATE", connection, transaction))
            {
                lockSeat.Parameters.Add(new Npgsql.NpgsqlParameter { Value = showId });
                await lockSeat.ExecuteNonQueryAsync();
            }

            using var contended = await client.As("ada").BookAsync(showId, new { seats = new[] { "A1" } }, key);

            await Problem.AssertAsync(contended, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("1", contended.Headers.RetryAfter?.ToString());
            Assert.Equal(new ShowDto(showId, 2, 2, 0, 0), await client.ReadShowAsync(showId));
            await transaction.RollbackAsync();
        }

        // Once the lock is gone, retrying with the same key books the seat.
        using var retried = await client.As("ada").BookAsync(showId, new { seats = new[] { "A1" } }, key);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(new ShowDto(showId, 2, 1, 0, 1), await client.ReadShowAsync(showId));
    }
}
