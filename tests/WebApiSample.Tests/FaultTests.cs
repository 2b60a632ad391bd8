using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SeatAllocation.Servers;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>
/// Faults as a client sees them, on a real PostgreSQL: a killed connection, an exhausted pool and a
/// database too slow to answer are each a 503 problem with Retry-After that says to repeat with the
/// same Idempotency-Key, never a 500 and never a hang; repeating then gives the definite answer. A
/// body over the limit is a 413 problem.
/// </summary>
public sealed class FaultTests
{
    private const string Schema = "seat_allocation";

    [Fact]
    public async Task A_connection_killed_mid_request_is_a_retryable_503_and_the_repeat_books()
    {
        var name = $"sample-faults-{Guid.NewGuid():N}"[..30];
        await using var app = await StartPessimisticAsync(name, new()
        {
            ["SeatAllocation:Postgres:TransientRetries"] = "0", // a repeat would wait for the locked seat again
        });
        var client = app.CreateSeatsClient();
        var showId = await client.CreateSeatedShowAsync(3);
        await using var admin = await AdminAsync();
        await using var seatLock = await LockSeatAsync(admin, showId, "A2");
        var key = SeatsClient.NewKey();

        var booking = client.As("ada").BookAsync(showId, new { seats = new[] { "A1", "A2" } }, key);
        await WaitForLockWaiterAsync(admin, name);
        Assert.True(await PostgresBackends.TerminateAsync(admin, name) > 0);

        await AssertRetryableAsync(await booking);
        await seatLock.DisposeAsync();
        var repeat = await client.As("ada").BookAsync(showId, new { seats = new[] { "A1", "A2" } }, key);
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode); // the killed call had not booked
        var again = await client.As("ada").BookAsync(showId, new { seats = new[] { "A1", "A2" } }, key);
        Assert.Equal((HttpStatusCode.Created, "true"), (again.StatusCode, again.Headers.GetValues("Idempotent-Replayed").Single()));
        await AssertValidAsync(app, showId);
    }

    [Fact]
    public async Task An_exhausted_pool_is_a_retryable_503_not_a_hang()
    {
        var name = $"sample-pool-{Guid.NewGuid():N}"[..30];
        await using var app = await StartPessimisticAsync(name, new()
        {
            ["SeatAllocation:Postgres:TransientRetries"] = "1",
            ["SeatAllocation:RequestTimeout"] = "00:01:00", // the pool's own timeout answers first
        }, maxPoolSize: 1, timeoutSeconds: 1);
        var client = app.CreateSeatsClient();
        var showId = await client.CreateGeneralAdmissionShowAsync(5);
        var key = SeatsClient.NewKey();

        // The test takes the app's only pooled connection, as a burst of other requests would.
        var held = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        var response = await client.As("ada").BookAsync(showId, new { quantity = 2 }, key);
        await held.DisposeAsync();

        await AssertRetryableAsync(response);
        var repeat = await client.As("ada").BookAsync(showId, new { quantity = 2 }, key);
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal((3, 2), await AvailableAndBookedAsync(client, showId));
        await AssertValidAsync(app, showId);
    }

    [Fact]
    public async Task A_database_too_slow_to_answer_is_a_retryable_503_after_the_request_timeout()
    {
        var name = $"sample-slow-{Guid.NewGuid():N}"[..30];
        await using var app = await StartPessimisticAsync(name, new()
        {
            ["SeatAllocation:RequestTimeout"] = "00:00:01",
        });
        var client = app.CreateSeatsClient();
        var showId = await client.CreateSeatedShowAsync(3);
        await using var admin = await AdminAsync();

        // The seat's row stays locked far longer than the request may take (the lock timeout is 30 s).
        await using var seatLock = await LockSeatAsync(admin, showId, "A1");
        var key = SeatsClient.NewKey();
        var response = await client.As("ada").HoldAsync(showId, new { seats = new[] { "A1" } }, key);
        await seatLock.DisposeAsync();

        var problem = await AssertRetryableAsync(response);
        Assert.Equal("Timed out, repeat the request.", problem.GetProperty("title").GetString()); // not the 30 s lock timeout's "contended"
        var repeat = await client.As("ada").HoldAsync(showId, new { seats = new[] { "A1" } }, key);
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal((2, 0), await AvailableAndBookedAsync(client, showId));
        await AssertValidAsync(app, showId);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem()
    {
        await using var app = await SampleApp.StartAsync(new Dictionary<string, string?>
        {
            ["SeatAllocation:Strategy"] = "InMemory",
            ["SeatAllocation:MaxRequestBodySize"] = "1024",
        }, useKestrel: true);
        var client = app.CreateSeatsClient();
        var showId = SeatsClient.NewShowId();

        var tooBig = await client.CreateShowAsync(new { showId, seats = SeatsClient.SeatIds(500) }, SeatsClient.NewKey());
        await Problem.AssertAsync(tooBig, HttpStatusCode.RequestEntityTooLarge);

        var small = await client.CreateShowAsync(new { showId, seats = SeatsClient.SeatIds(20) }, SeatsClient.NewKey());
        Assert.Equal(HttpStatusCode.Created, small.StatusCode);
    }

    private static async Task<SampleApp> StartPessimisticAsync(string applicationName, Dictionary<string, string?> settings, int maxPoolSize = 5, int timeoutSeconds = 15)
    {
        settings["SeatAllocation:Strategy"] = "Pessimistic";
        settings["SeatAllocation:Postgres:LockTimeout"] = "00:00:30";
        settings["SeatAllocation:Postgres:ExpiredHoldSweepInterval"] = "00:00:00";
        settings["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(await TestPostgres.GetConnectionStringAsync())
        {
            ApplicationName = applicationName,
            MaxPoolSize = maxPoolSize,
            Timeout = timeoutSeconds,
        }.ConnectionString;
        return await SampleApp.StartAsync(settings);
    }

    private static async Task<NpgsqlDataSource> AdminAsync() =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(await TestPostgres.GetConnectionStringAsync()) { ApplicationName = "sample-faults-admin", MaxPoolSize = 4 }.ConnectionString);

    private static async Task<System.Text.Json.JsonElement> AssertRetryableAsync(HttpResponseMessage response)
    {
        var problem = await Problem.AssertAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"No Retry-After: {response.Headers}");
        Assert.Contains("same Idempotency-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return problem;
    }

    private static async Task<(int Available, int Booked)> AvailableAndBookedAsync(SeatsClient client, string showId)
    {
        var show = await client.ReadShowAsync(showId);
        return (show.Available, show.Booked);
    }

    private static async Task AssertValidAsync(SampleApp app, string showId)
    {
        var report = await app.Verifier.VerifyAsync(showId);
        Assert.True(report.IsValid, report.ToString());
    }

    private static async Task<SeatLock> LockSeatAsync(NpgsqlDataSource admin, string showId, string seatId)
    {
        var connection = await admin.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"SELECT 1 FROM {Schema}.seats WHERE show_id = $1 AND seat_id = $2 FOR UPDATE", connection, transaction)
        {
            Parameters = { new() { Value = showId }, new() { Value = seatId } },
        };
        Assert.Equal(1, await command.ExecuteScalarAsync());
        return new SeatLock(connection, transaction);
    }

    private static async Task WaitForLockWaiterAsync(NpgsqlDataSource admin, string applicationName)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            await using var command = admin.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'");
            command.Parameters.Add(new() { Value = applicationName });
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The app's request never waited for the locked seat.");
    }

    private sealed class SeatLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                await transaction.DisposeAsync();
                await connection.DisposeAsync();
            }
        }
    }
}
