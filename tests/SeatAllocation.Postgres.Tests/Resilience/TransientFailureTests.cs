using Npgsql;
using SeatAllocation.Postgres;
using SeatAllocation.Postgres.Tests.Strategies;
using SeatAllocation.Servers;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Resilience;

/// <summary>
/// Transient failures during a call, on a real server: the library's backend terminated while it
/// waits, the reply to a commit lost on the way back (the commit happened), and backends killed over
/// and over while many calls run. Each caller gets a definite answer or
/// <see cref="AllocationOutcomeUnknownException"/>, and a replay then agrees with the database.
/// </summary>
public sealed class TransientFailureTests
{
    [Theory]
    [MemberData(nameof(FailureTests.Strategies), MemberType = typeof(FailureTests))]
    public async Task A_connection_killed_while_waiting_is_repeated_and_the_caller_gets_a_definite_answer(string strategyName)
    {
        await using var pool = await OwnPoolAsync();
        var strategy = CreateStrategy(strategyName, pool.DataSource);
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "S001", "S002", "S003"));
        await using var blocker = await RowLock.OnSeatAsync(pool.DataSource, showId, "S002");

        var booking = strategy.BookAsync(AllocationRequest.ForSeats(showId, "r1", "ada", "S001", "S002"));
        var victim = await WaitUntilBlockedAsync(pool.DataSource, blocker.ProcessId);
        Assert.True(await ScalarAsync<bool>(pool.DataSource, "SELECT pg_terminate_backend($1)", victim));

        // The repeat waits for the seat again, on a new connection.
        Assert.NotEqual(victim, await WaitUntilBlockedByAnotherAsync(pool.DataSource, blocker.ProcessId, victim));
        await blocker.DisposeAsync();
        var result = await booking;

        Assert.Equal((AllocationStatus.Allocated, false), (result.Status, result.IsReplay));
        Assert.Equal(["S001", "S002"], result.Allocation!.SeatIds);
        Assert.Equal(1L, await ScalarAsync<long>(pool.DataSource, "SELECT count(*) FROM {schema}.allocations WHERE show_id = $1", showId));
        await AssertValidAsync(strategy, showId);
    }

    public static TheoryData<string, int> StrategiesAndRetries
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var strategy in FailureTests.Strategies)
            {
                data.Add(strategy, 3);
                data.Add(strategy, 0);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(StrategiesAndRetries))]
    public async Task A_commit_whose_reply_is_lost_is_resolved_by_its_request_id(string strategyName, int retries)
    {
        await PostgresTestDatabase.GetAsync();
        var (proxy, connectionString) = await ReplyDroppingProxy.StartAsync(await TestPostgres.GetConnectionStringAsync());
        await using var _ = proxy;
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 1 }.ConnectionString);
        var strategy = CreateStrategy(strategyName, dataSource, new PostgresAllocationOptions { LockTimeout = TimeSpan.FromSeconds(30), TransientRetries = retries });
        var warmUp = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.Seated(warmUp, "S001"));
        Assert.True((await strategy.BookAsync(AllocationRequest.ForSeats(warmUp, "warm-up", "ada", "S001"))).Succeeded); // statements prepared
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "S001", "S002", "S003"));

        // The optimistic strategy commits in a transaction of its own; the others in apply_batch's one statement.
        proxy.DropNextReplyContaining(ReplyDroppingProxy.CommandComplete(strategyName == OptimisticAllocationStrategy.StrategyName ? "COMMIT" : "SELECT 1"));
        var request = AllocationRequest.ForSeats(showId, "lost-reply", "ada", "S001", "S002");
        AllocationResult? answer = null;
        if (retries > 0)
        {
            // The repeat finds the commit: the caller's own answer, not a replay.
            answer = await strategy.BookAsync(request);
            Assert.Equal((AllocationStatus.Allocated, false), (answer.Status, answer.IsReplay));
        }
        else
        {
            var unknown = await Assert.ThrowsAsync<AllocationOutcomeUnknownException>(() => strategy.BookAsync(request));
            Assert.Contains("lost-reply", unknown.Message, StringComparison.Ordinal);
        }

        Assert.Equal(1, proxy.Dropped);
        var committed = await ScalarAsync<Guid>(dataSource, "SELECT allocation_id FROM {schema}.allocations WHERE show_id = $1 AND request_id = 'lost-reply' AND state = 'booked'", showId);
        Assert.NotEqual(Guid.Empty, committed); // it did commit
        var replay = await strategy.BookAsync(request);
        Assert.Equal((AllocationStatus.Allocated, true, committed.ToString("N")), (replay.Status, replay.IsReplay, replay.Allocation!.Id));
        Assert.Equal(["S001", "S002"], replay.Allocation.SeatIds);
        if (answer is not null)
        {
            Assert.Equal(committed.ToString("N"), answer.Allocation!.Id);
        }

        Assert.Equal(1L, await ScalarAsync<long>(dataSource, "SELECT count(*) FROM {schema}.allocations WHERE show_id = $1", showId));
        await AssertValidAsync(strategy, showId);
    }

    [Theory]
    [MemberData(nameof(FailureTests.Strategies), MemberType = typeof(FailureTests))]
    public async Task Backends_killed_over_and_over_leave_every_caller_a_definite_answer_or_the_documented_exception(string strategyName)
    {
        await using var pool = await OwnPoolAsync(maxPoolSize: 8);
        IAllocationStrategy strategy = strategyName == OptimisticAllocationStrategy.StrategyName
            ? new OptimisticAllocationStrategy(pool.DataSource, PostgresTestDatabase.Options, new OptimisticConcurrencyOptions { MaxRetries = 50 })
            : CreateStrategy(strategyName, pool.DataSource);
        var showId = NewShowId();
        const int Capacity = 15;
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, Capacity));
        var requests = Enumerable.Range(1, 24).Select(n => AllocationRequest.ForQuantity(showId, $"chaos-{n}", $"user-{n}", 1)).ToArray();

        // The nemesis: terminate every backend of the strategy's pool, again and again, while the calls run.
        using var stop = new CancellationTokenSource();
        var terminated = 0;
        var nemesis = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                terminated += await PostgresBackends.TerminateAsync(pool.Admin, pool.ApplicationName);
                await Task.Delay(15);
            }
        });
        var calls = requests.Select(r => Task.Run(async () =>
        {
            try
            {
                return (Result: await strategy.BookAsync(r), Failure: (Exception?)null);
            }
            catch (Exception ex)
            {
                return (Result: (AllocationResult?)null, Failure: ex);
            }
        })).ToArray();
        var first = await Task.WhenAll(calls);
        await stop.CancelAsync();
        await nemesis;

        Assert.True(terminated > 0, "The nemesis never terminated a backend: the test proved nothing.");
        var unexpected = first.Where(o => o.Failure is not null and not AllocationOutcomeUnknownException).Select(o => o.Failure!.ToString()).ToArray();
        Assert.True(unexpected.Length == 0, string.Join("\n", unexpected));

        // Faults over: every request replayed until it has a definite answer, which must agree with the first.
        var booked = new List<string>();
        for (var i = 0; i < requests.Length; i++)
        {
            var replay = await DefiniteAnswerAsync(strategy, requests[i]);
            if (first[i].Result is { Status: not AllocationStatus.Contended } definite)
            {
                Assert.Equal(definite.Status, replay.Status);
                if (definite.Succeeded)
                {
                    Assert.Equal((true, definite.Allocation!.Id), (replay.IsReplay, replay.Allocation!.Id));
                }
            }

            if (replay.Succeeded)
            {
                booked.Add(replay.Allocation!.Id);
            }
        }

        Assert.Equal(Capacity, booked.Count); // no request was lost or doubled, and the show sold out
        var stored = await ScalarAsync<long>(pool.Admin, "SELECT count(*) FROM {schema}.allocations WHERE show_id = $1 AND state = 'booked'", showId);
        Assert.Equal(Capacity, stored);
        var availability = await strategy.GetAvailabilityAsync(showId);
        Assert.Equal((0, Capacity), (availability!.Available, availability.Booked));
        await AssertValidAsync(strategy, showId);
    }

    private static async Task<AllocationResult> DefiniteAnswerAsync(IAllocationStrategy strategy, AllocationRequest request)
    {
        for (var attempt = 0; ; attempt++)
        {
            var result = await strategy.BookAsync(request);
            if (result.Status != AllocationStatus.Contended || attempt == 20)
            {
                return result;
            }
        }
    }

    private static async Task<int> WaitUntilBlockedByAnotherAsync(NpgsqlDataSource dataSource, int blockerProcessId, int victim)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var waiter = await ScalarAsync<int>(dataSource, "SELECT pid FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid)) AND pid <> $2 LIMIT 1", blockerProcessId, victim);
            if (waiter != 0)
            {
                return waiter;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The killed call was never repeated.");
    }

    private static async Task AssertValidAsync(IAllocationStrategy strategy, string showId)
    {
        var report = await ((IAllocationVerifier)strategy).VerifyAsync(showId);
        Assert.True(report.IsValid, report.ToString());
    }

    /// <summary>A pool of the strategy's own, under an application name the nemesis can find, and an admin pool under another.</summary>
    private static async Task<OwnPool> OwnPoolAsync(int maxPoolSize = 10)
    {
        await PostgresTestDatabase.GetAsync();
        var connectionString = await TestPostgres.GetConnectionStringAsync();
        var name = $"faults-{Guid.NewGuid():N}"[..30];
        var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = name, MaxPoolSize = maxPoolSize }.ConnectionString);
        var admin = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = name + "-admin", MaxPoolSize = 4 }.ConnectionString);
        return new OwnPool(dataSource, admin, name);
    }

    private sealed record OwnPool(NpgsqlDataSource DataSource, NpgsqlDataSource Admin, string ApplicationName) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await DataSource.DisposeAsync();
            await Admin.DisposeAsync();
        }
    }
}
