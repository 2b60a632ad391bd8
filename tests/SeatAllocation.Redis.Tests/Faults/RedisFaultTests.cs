using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using SeatAllocation.Postgres;
using SeatAllocation.Servers;
using SeatAllocation.Testing;
using StackExchange.Redis;

namespace SeatAllocation.Redis.Tests.Faults;

/// <summary>
/// Redis flushed, stopped, paused or wrong, and commits failing after admission: PostgreSQL stays
/// the truth — the verifier finds nothing, every confirmed booking is still there, and Redis ends in
/// step with PostgreSQL. Each test has a Redis server of its own.
/// </summary>
[Collection(nameof(RedisAlone))]
public sealed class RedisFaultTests : IAsyncLifetime
{
    private const int Seats = 50;
    private ThrowawayRedis _server = null!;
    private ConnectionMultiplexer _multiplexer = null!;

    private IDatabase Redis => _multiplexer.GetDatabase();

    public async Task InitializeAsync()
    {
        _server = await TestRedis.StartDedicatedAsync();
        _multiplexer = await ConnectionMultiplexer.ConnectAsync(_server.Configuration + ",allowAdmin=true,connectRetry=5");
    }

    public async Task DisposeAsync()
    {
        _multiplexer.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Redis_flushed_mid_sale_sells_every_seat_once_and_keeps_every_booking()
    {
        var strategy = await CreateStrategyAsync();
        var showId = await CreateShowAsync(strategy);

        var results = await SellAsync(strategy, showId, 200, (30, FlushRedisAsync));

        await AssertSoldOnceAndKeptAsync(strategy, showId, results);
    }

    [Fact]
    public async Task A_commit_made_while_redis_is_flushed_is_not_undone_by_a_rebuild_that_read_postgres_before_it()
    {
        var (strategy, inner, showId) = await CreatePausableShowAsync("flushcommit");

        // Admitted before the flush, committed in PostgreSQL after it, while the state is missing.
        var committing = inner.PauseNextBook();
        var early = strategy.BookAsync(AllocationRequest.ForQuantity(showId, "early", "ada", 1));
        await committing.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await FlushRedisAsync();

        // The next buyer finds the state missing and rebuilds it from a snapshot read before that commit.
        var reading = inner.PauseNextSnapshot();
        var next = strategy.BookAsync(AllocationRequest.ForQuantity(showId, "next", "bob", 1));
        await reading.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        committing.Resume();
        Assert.True((await early).Succeeded);
        reading.Resume();
        Assert.True((await next).Succeeded);

        await RedisState.AssertInStepAsync(Redis, strategy, showId);
        await AssertValidAsync(strategy, showId, booked: 2);
    }

    [Fact]
    public async Task A_release_made_while_redis_is_flushed_is_not_undone_by_a_rebuild_that_read_postgres_before_it()
    {
        var (strategy, inner, showId) = await CreatePausableShowAsync("flushrelease");
        var hold = await strategy.HoldAsync(AllocationRequest.ForQuantity(showId, "hold", "ada", 1), TimeSpan.FromMinutes(5));
        Assert.True(hold.Succeeded);
        await FlushRedisAsync();

        var reading = inner.PauseNextSnapshot();
        var next = strategy.BookAsync(AllocationRequest.ForQuantity(showId, "next", "bob", 1));
        await reading.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ReleaseStatus.Released, await strategy.ReleaseAsync(new AllocationReference(showId, hold.Allocation!.Id, "ada")));
        reading.Resume();
        Assert.True((await next).Succeeded);

        await RedisState.AssertInStepAsync(Redis, strategy, showId);
        await AssertValidAsync(strategy, showId, booked: 1);
    }

    [Fact]
    public async Task Redis_stopped_mid_sale_and_restarted_sells_every_seat_once_and_keeps_every_booking()
    {
        // Short: while Redis is down, each buyer waits this long before fail-open.
        var strategy = await CreateStrategyAsync(options: new RedisAdmissionOptions { OperationTimeout = TimeSpan.FromMilliseconds(500) });
        var showId = await CreateShowAsync(strategy);

        var results = await SellAsync(strategy, showId, 300, (30, _server.StopAsync), (120, _server.RestartAsync));

        await AssertSoldOnceAndKeptAsync(strategy, showId, results);
    }

    [Fact]
    public async Task A_counter_set_too_high_by_hand_is_repaired_when_postgres_refuses_what_redis_admitted()
    {
        // A Redis failure during the misled requests (with a short timeout, a reply a loaded machine
        // delays) would rightly make the show's next admission rebuild it from PostgreSQL: the
        // request counted below. The log says so if it happens.
        var failures = new RedisFailureLog();
        var strategy = await CreateStrategyAsync(logger: failures);
        var showId = RedisTestEnvironment.NewId("high");
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 10));
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await strategy.BookAsync(AllocationRequest.ForQuantity(showId, $"r{i}", $"u{i}", 1))).Succeeded);
        }

        await RedisState.SetRemainingAsync(Redis, showId, 1000);
        var misled = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => strategy.BookAsync(AllocationRequest.ForQuantity(showId, $"m{i}", $"m{i}", 1))));
        Assert.All(misled, r => Assert.Equal(AllocationStatus.Unavailable, r.Status));

        await RedisState.AssertInStepAsync(Redis, strategy, showId);
        using var counter = new PostgresCommandCounter();
        Assert.Equal(AllocationStatus.Unavailable, (await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "after", "late", 1))).Status);
        Assert.True(counter.Commands == 0, $"Refusing a buyer of the sold-out show took {counter.Commands} PostgreSQL commands. Redis failures the strategy logged:{Environment.NewLine}{failures}");
        await AssertValidAsync(strategy, showId, booked: 10);
    }

    [Fact]
    public async Task A_counter_set_too_low_by_hand_only_rejects_until_the_periodic_reconciliation()
    {
        var clock = new FakeTimeProvider();
        var options = new RedisAdmissionOptions { ReconcileInterval = TimeSpan.FromMinutes(1) };
        var strategy = await CreateStrategyAsync(clock, options);
        var showId = RedisTestEnvironment.NewId("low");
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 10));
        Assert.True((await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "r1", "u1", 5))).Succeeded);

        await RedisState.SetRemainingAsync(Redis, showId, 0);
        Assert.Equal(AllocationStatus.Unavailable, (await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "r2", "u2", 5))).Status);

        clock.Advance(options.ReconcileInterval);
        Assert.True((await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "r3", "u3", 5))).Succeeded);
        await RedisState.AssertInStepAsync(Redis, strategy, showId);
        await AssertValidAsync(strategy, showId, booked: 10);
    }

    [Fact]
    public async Task Commits_failing_after_admission_give_their_seats_back_at_once()
    {
        // A manual clock that never moves: admissions cannot expire, only compensation gives back.
        var clock = new FakeTimeProvider();
        FaultyCommits? faulty = null;
        var strategy = await CreateStrategyAsync(clock, wrapInner: inner => faulty = new FaultyCommits(inner));
        var showId = RedisTestEnvironment.NewId("faulty");
        // Redis chooses the quantity requests' seats, the first free in ordinal order: the named seats
        // (Z…) come after those, so no request is refused at the gate and every one reaches the fault.
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1", "A2", "A3", "A4", "A5", "Z1", "Z3", "Z5"));

        faulty!.FailuresLeft = 5;
        var failures = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => Record.ExceptionAsync(() =>
            strategy.BookAsync(i % 2 == 0 ? AllocationRequest.ForSeats(showId, $"f{i}", $"u{i}", $"Z{i + 1}") : AllocationRequest.ForQuantity(showId, $"f{i}", $"u{i}", 1)))));
        Assert.All(failures, e => Assert.IsType<InvalidOperationException>(e));
        await RedisState.AssertInStepAsync(Redis, strategy, showId);

        var retried = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => strategy.BookAsync(AllocationRequest.ForSeats(showId, $"f{i}", $"u{i}", $"A{i + 1}"))));
        Assert.All(retried, r => Assert.True(r.Succeeded, r.ToString()));
        await AssertValidAsync(strategy, showId, booked: 5);
        await RedisState.AssertInStepAsync(Redis, strategy, showId);
    }

    [Fact]
    public async Task A_commit_postgres_refuses_on_lock_timeout_gives_its_seat_back()
    {
        var clock = new FakeTimeProvider();
        var dataSource = await RedisTestEnvironment.GetDataSourceAsync();
        var inner = new PessimisticAllocationStrategy(dataSource, new PostgresAllocationOptions { LockTimeout = TimeSpan.FromMilliseconds(200) }, clock);
        var strategy = new RedisAdmissionStrategy(inner, Redis, new RedisAdmissionOptions(), clock);
        var showId = RedisTestEnvironment.NewId("locked");
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1", "A2"));

        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var lockSeat = new NpgsqlCommand("SELECT 1 FROM seat_allocation.seats WHERE show_id = @show AND seat_id = 'A1' FOR UPDATE", connection, transaction);
            lockSeat.Parameters.AddWithValue("show", showId);
            await lockSeat.ExecuteNonQueryAsync();

            Assert.Equal(AllocationStatus.Contended, (await strategy.BookAsync(AllocationRequest.ForSeats(showId, "blocked", "ada", "A1"))).Status);
        }

        await RedisState.AssertInStepAsync(Redis, strategy, showId);
        Assert.True((await strategy.BookAsync(AllocationRequest.ForSeats(showId, "blocked", "ada", "A1"))).Succeeded);
        await AssertValidAsync(strategy, showId, booked: 1);
    }

    [Fact]
    public async Task With_redis_down_fail_open_books_through_postgres_and_fail_closed_answers_contended_without_touching_it()
    {
        var open = await CreateStrategyAsync(options: new RedisAdmissionOptions { OperationTimeout = TimeSpan.FromMilliseconds(500) });
        var closed = await CreateStrategyAsync(options: new RedisAdmissionOptions { OperationTimeout = TimeSpan.FromMilliseconds(500), FailurePolicy = RedisFailurePolicy.FailClosed });
        var showId = RedisTestEnvironment.NewId("down");
        await open.CreateShowAsync(ShowDefinition.Seated(showId, "A1", "A2"));

        await _server.StopAsync();
        var booked = await open.BookAsync(AllocationRequest.ForSeats(showId, "open", "ada", "A1"));
        Assert.True(booked.Succeeded, booked.ToString());
        using (var counter = new PostgresCommandCounter())
        {
            Assert.Equal(AllocationStatus.Contended, (await closed.BookAsync(AllocationRequest.ForSeats(showId, "closed", "bob", "A2"))).Status);
            Assert.Equal(0, counter.Commands);
        }

        await _server.RestartAsync();
        var afterRestart = await Concurrency.PollAsync(() => closed.BookAsync(AllocationRequest.ForSeats(showId, "closed", "bob", "A2")), r => r.Status != AllocationStatus.Contended);
        Assert.True(afterRestart.Succeeded, afterRestart.ToString());
        Assert.Equal(AllocationStatus.Unavailable, (await closed.BookAsync(AllocationRequest.ForSeats(showId, "again", "cy", "A1"))).Status);
        await RedisState.AssertInStepAsync(Redis, open, showId);
        await AssertValidAsync(open, showId, booked: 2);
    }

    [Fact]
    public async Task A_paused_redis_times_out_and_fail_open_books_through_postgres()
    {
        var strategy = await CreateStrategyAsync(options: new RedisAdmissionOptions { OperationTimeout = TimeSpan.FromMilliseconds(200) });
        var showId = RedisTestEnvironment.NewId("paused");
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1"));

        await PauseRedisAsync(TimeSpan.FromMilliseconds(1500));
        var booked = await strategy.BookAsync(AllocationRequest.ForSeats(showId, "paused", "ada", "A1"));

        Assert.True(booked.Succeeded, booked.ToString());
        await Task.Delay(1600); // let the pause end; Redis did not learn of the booking
        Assert.Equal(AllocationStatus.Unavailable, (await strategy.BookAsync(AllocationRequest.ForSeats(showId, "second", "bob", "A1"))).Status);
        await AssertValidAsync(strategy, showId, booked: 1);
    }

    [Fact]
    public async Task An_admission_that_timed_out_but_ran_later_does_not_hold_its_places_until_the_admission_timeout()
    {
        var strategy = await CreateStrategyAsync(options: new RedisAdmissionOptions { OperationTimeout = TimeSpan.FromMilliseconds(200), AdmissionTimeout = TimeSpan.FromMinutes(5), ReconcileInterval = TimeSpan.FromHours(1) });
        var showId = RedisTestEnvironment.NewId("lateadmission");
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 2));

        // The admission times out and fail-open books through PostgreSQL; the paused Redis then runs
        // both the admission nobody will commit and the booking's commit: it counts ada's place twice.
        await PauseRedisAsync(TimeSpan.FromMilliseconds(1500));
        var booked = await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "ada", "ada", 1));
        Assert.True(booked.Succeeded, booked.ToString());
        await Task.Delay(1600);

        // The process knows an admission's reply was lost, so this admission rebuilds the show first
        // (it used to answer sold out until the stray admission expired).
        var last = await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "bob", "bob", 1));
        Assert.True(last.Succeeded, last.ToString());
        await RedisState.AssertInStepAsync(Redis, strategy, showId);
        await AssertValidAsync(strategy, showId, booked: 2);
    }

    /// <summary>
    /// A strategy over this test's Redis. Without <paramref name="options"/>, Redis gets 10 s to
    /// answer: the tests that take the default keep Redis up (or flush it, which is quick), and a
    /// reply a loaded machine delays past a short timeout would be a Redis failure nobody injected —
    /// a compensation that runs after the test looked, or a rebuild from PostgreSQL the test did not
    /// expect. Tests that stop or pause Redis pass short timeouts.
    /// </summary>
    private Task<RedisAdmissionStrategy> CreateStrategyAsync(TimeProvider? clock = null, RedisAdmissionOptions? options = null, Func<IAllocationStrategy, IAllocationStrategy>? wrapInner = null, ILogger<RedisAdmissionStrategy>? logger = null) =>
        RedisTestEnvironment.CreateStrategyAsync(clock, Redis, options ?? new RedisAdmissionOptions { OperationTimeout = TimeSpan.FromSeconds(10) }, wrapInner, logger);

    private static async Task<string> CreateShowAsync(RedisAdmissionStrategy strategy)
    {
        var showId = RedisTestEnvironment.NewId("sale");
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, Enumerable.Range(1, Seats).Select(i => $"S{i:D2}")));
        return showId;
    }

    /// <summary>
    /// Sells to <paramref name="clients"/> concurrent buyers (half named seats, half "any seat"), and
    /// injects each fault once that many buyers have had their answer — while the rest are in flight —
    /// and after the fault before it.
    /// </summary>
    private static async Task<AllocationResult[]> SellAsync(RedisAdmissionStrategy strategy, string showId, int clients, params (int AfterAnswers, Func<Task> Fault)[] faults)
    {
        var answered = 0;
        // Different buyers inject the faults, and Redis refuses a sold-out rush so fast that the 120th
        // answer can come before the 30th buyer has stopped Redis: a restart that overtook its stop
        // would leave Redis down for good. So each fault first waits for the one before it.
        var injected = faults.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var buyers = Enumerable.Range(0, clients).Select(async i =>
        {
            await start.Task;
            var request = i % 2 == 0
                ? AllocationRequest.ForSeats(showId, $"buy-{i}", $"user{i}", $"S{1 + (i * 7 % Seats):D2}")
                : AllocationRequest.ForQuantity(showId, $"buy-{i}", $"user{i}", 1);
            AllocationResult result;
            for (var attempt = 0; ; attempt++)
            {
                result = await strategy.BookAsync(request);
                if (result.Status != AllocationStatus.Contended || attempt == 20)
                {
                    break;
                }
            }

            var position = Interlocked.Increment(ref answered);
            for (var f = 0; f < faults.Length; f++)
            {
                if (position == faults[f].AfterAnswers)
                {
                    try
                    {
                        if (f > 0)
                        {
                            await injected[f - 1].Task;
                        }

                        await faults[f].Fault();
                    }
                    finally
                    {
                        injected[f].SetResult(); // a fault that threw fails the test, without holding up the next
                    }
                }
            }

            return result;
        }).ToArray();
        start.SetResult();
        return await Task.WhenAll(buyers);
    }

    /// <summary>
    /// Nothing is sold twice, every booking a buyer was told about is in PostgreSQL, and the seats the
    /// rush left (on a seated show, "any seat" buyers can be turned away while named-seat admissions
    /// that later fail still count) are sold to later buyers, one by one, until they are told sold
    /// out; and Redis, once it holds the show again, counts what PostgreSQL has free.
    /// </summary>
    private async Task AssertSoldOnceAndKeptAsync(RedisAdmissionStrategy strategy, string showId, AllocationResult[] results)
    {
        var booked = results.Where(r => r.Succeeded).Select(r => r.Allocation!).ToList();
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(AllocationStatus.Unavailable, r.Status));
        var snapshot = await strategy.GetSnapshotAsync(showId);
        Assert.Equal(booked.Select(b => b.Id).Order(), snapshot!.LiveAllocations.Select(a => a.Id).Order());
        await AssertValidAsync(strategy, showId, booked: booked.Count);

        await WaitForRedisAsync(); // after a restart the multiplexer reconnects within a second or so
        var late = 0;
        while (true)
        {
            var result = await Concurrency.PollAsync(() => strategy.BookAsync(AllocationRequest.ForQuantity(showId, $"late-{late}", "late", 1)), r => r.Status != AllocationStatus.Contended);
            if (!result.Succeeded)
            {
                Assert.Equal(AllocationStatus.Unavailable, result.Status);
                break;
            }

            late++;
            Assert.True(late <= Seats, "Sold more seats than the show has.");
        }

        Assert.Equal(Seats, booked.Count + late);
        await AssertValidAsync(strategy, showId, booked: Seats);
        await WaitUntilRedisHasTheShowAsync(strategy, showId);
        await RedisState.AssertInStepAsync(Redis, strategy, showId);
    }

    /// <summary>
    /// Waits (30 s at most) until Redis holds the show's state again, sending it buyers meanwhile, each
    /// of whom must be refused: a buyer's admission is what rebuilds a missing state. After a restart
    /// the rush usually ends through PostgreSQL before the client reconnects, so the late buyers are
    /// the first to reach Redis; when a Redis call of the last one fails (on a loaded machine, a first
    /// call after a restart can outlast the operation timeout), fail-open has PostgreSQL answer it and
    /// nothing has rebuilt the state yet.
    /// </summary>
    private async Task WaitUntilRedisHasTheShowAsync(RedisAdmissionStrategy strategy, string showId)
    {
        var buyers = 0;
        var remaining = await Concurrency.PollAsync(
            async () =>
            {
                var state = await RedisState.RemainingAsync(Redis, showId);
                if (state is null)
                {
                    var result = await strategy.BookAsync(AllocationRequest.ForQuantity(showId, $"after-{buyers++}", "after", 1));
                    Assert.True(result.Status is AllocationStatus.Unavailable or AllocationStatus.Contended, $"A buyer after the sale got {result}.");
                }

                return state;
            },
            state => state is not null);
        Assert.True(remaining is not null, $"Redis still holds no state for the show after 30 s and {buyers} more buyers.");
    }

    /// <summary>A general-admission show of 10 places on a strategy whose bookings and snapshots the test can pause.</summary>
    private async Task<(RedisAdmissionStrategy Strategy, PausingInner Inner, string ShowId)> CreatePausableShowAsync(string name)
    {
        PausingInner? inner = null;
        var strategy = await CreateStrategyAsync(wrapInner: i => inner = new PausingInner(i));
        var showId = RedisTestEnvironment.NewId(name);
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 10));
        return (strategy, inner!, showId);
    }

    private Task FlushRedisAsync() => _multiplexer.GetServer(_multiplexer.GetEndPoints()[0]).FlushAllDatabasesAsync();

    private static async Task AssertValidAsync(RedisAdmissionStrategy strategy, string showId, int booked)
    {
        var report = await strategy.VerifyAsync(showId);
        Assert.True(report.IsValid, report.ToString());
        Assert.Equal(booked, (await strategy.GetAvailabilityAsync(showId))!.Booked);
    }

    /// <summary>CLIENT PAUSE over a raw connection: StackExchange.Redis 1.2.6 has no way to send an arbitrary command.</summary>
    private async Task PauseRedisAsync(TimeSpan pause)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, _server.Port);
        var stream = client.GetStream();
        var milliseconds = ((long)pause.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"*3\r\n$6\r\nCLIENT\r\n$5\r\nPAUSE\r\n${milliseconds.Length}\r\n{milliseconds}\r\n"));
        var reply = new byte[5];
        Assert.Equal(5, await stream.ReadAtLeastAsync(reply, 5));
        Assert.Equal("+OK\r\n", System.Text.Encoding.ASCII.GetString(reply));
    }

    private async Task WaitForRedisAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await Redis.PingAsync();
                return;
            }
            catch (RedisConnectionException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }
}
