using Npgsql;
using SeatAllocation.Postgres;
using SeatAllocation.Servers;
using SeatAllocation.Testing;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Strategies;

/// <summary>
/// What group commit promises each request of a batch. To put requests in one batch, each test lets
/// a first request (the gate) reach the database alone and wait there for a row the test holds locked
/// <c>FOR UPDATE</c>: a general-admission gate waits to lock the show's row; a seated one, alone in its
/// batch, locks only its seat and waits for that. (It used to wait for the show's row too, when
/// inserting its allocation, for the foreign key to the show; schema migration 6 dropped that key.)
/// Every request made meanwhile queues behind the gate and goes in the next batch.
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task A_poisoned_batch_answers_each_request_on_its_own_and_books_all_the_good_ones()
    {
        var seats = Enumerable.Range(1, 62).Select(n => $"S{n:D3}").ToArray(); // S001 for the gate, 60 for good requests, S062 left free
        await using var show = await GatedShow.SeatedAsync(seats);

        var good = seats[1..61].Select((seat, i) => show.Strategy.BookAsync(AllocationRequest.ForSeats(show.Id, $"good-{i}", $"user-{i}", seat))).ToArray();
        var reusedKey = show.Strategy.BookAsync(AllocationRequest.ForSeats(show.Id, "good-7", "mallory", "S062"));
        var unknownSeat = show.Strategy.BookAsync(AllocationRequest.ForSeats(show.Id, "unknown", "ada", "S062", "NO-SUCH-SEAT"));
        var overCapacity = show.Strategy.BookAsync(AllocationRequest.ForQuantity(show.Id, "too-many", "bob", 500));
        await show.OpenAsync();

        Assert.All(await Task.WhenAll(good), result => Assert.Equal(AllocationStatus.Allocated, result.Status));
        Assert.Equal(AllocationStatus.IdempotencyKeyReused, (await reusedKey).Status);
        var unknown = await unknownSeat;
        Assert.Equal(AllocationStatus.Unavailable, unknown.Status);
        Assert.Equal(["NO-SUCH-SEAT"], unknown.UnavailableSeatIds);
        var tooMany = await overCapacity;
        Assert.Equal((AllocationStatus.Unavailable, 0), (tooMany.Status, tooMany.UnavailableSeatIds.Count));

        var availability = await show.Strategy.GetAvailabilityAsync(show.Id);
        Assert.Equal((1, 61), (availability!.Available, availability.Booked)); // the gate and 60 good ones; S062 stays free
        await show.AssertValidAsync();
    }

    [Fact]
    public async Task Replays_inside_one_batch_return_the_first_allocation()
    {
        await using var show = await GatedShow.SeatedAsync("S001", "S002", "S003");

        var first = show.Strategy.HoldAsync(AllocationRequest.ForSeats(show.Id, "order-1", "ada", "S002"), TimeSpan.FromMinutes(5));
        var replay = show.Strategy.HoldAsync(AllocationRequest.ForSeats(show.Id, "order-1", "ada", "S002"), TimeSpan.FromMinutes(5));
        var reused = show.Strategy.HoldAsync(AllocationRequest.ForSeats(show.Id, "order-1", "ada", "S003"), TimeSpan.FromMinutes(5));
        await show.OpenAsync();

        var (original, again) = (await first, await replay);
        Assert.True(original.Succeeded);
        Assert.False(original.IsReplay);
        Assert.True(again.IsReplay);
        Assert.Equal(original.Allocation, again.Allocation);
        Assert.Equal(AllocationStatus.IdempotencyKeyReused, (await reused).Status);

        var replayedLater = await show.Strategy.HoldAsync(AllocationRequest.ForSeats(show.Id, "order-1", "ada", "S002"), TimeSpan.FromMinutes(5));
        Assert.Equal((true, original.Allocation), (replayedLater.IsReplay, replayedLater.Allocation));
        await show.AssertValidAsync();
    }

    [Fact]
    public async Task A_general_admission_batch_with_room_for_all_gives_each_hold_and_booking_its_own_allocation()
    {
        await using var show = await GatedShow.GeneralAdmissionAsync(capacity: 100);

        var holds = Enumerable.Range(1, 10).Select(n => show.Strategy.HoldAsync(AllocationRequest.ForQuantity(show.Id, $"hold-{n}", $"holder-{n}", 1 + (n % 3)), TimeSpan.FromMinutes(5))).ToArray();
        var bookings = Enumerable.Range(1, 10).Select(n => show.Strategy.BookAsync(AllocationRequest.ForQuantity(show.Id, $"book-{n}", $"booker-{n}", 2))).ToArray();
        var tooMany = show.Strategy.BookAsync(AllocationRequest.ForQuantity(show.Id, "too-many", "bob", 500));
        var gateAgain = show.Strategy.BookAsync(AllocationRequest.ForQuantity(show.Id, "gate", "gatekeeper", 1));
        await show.OpenAsync();

        var held = await Task.WhenAll(holds);
        var booked = await Task.WhenAll(bookings);
        Assert.All(held.Zip(Enumerable.Range(1, 10)), pair =>
        {
            var (result, n) = pair;
            Assert.Equal((AllocationStatus.Allocated, false), (result.Status, result.IsReplay));
            Assert.Equal(($"holder-{n}", AllocationKind.Hold, 1 + (n % 3)), (result.Allocation!.UserId, result.Allocation.Kind, result.Allocation.Quantity));
            Assert.NotNull(result.Allocation.ExpiresAt);
        });
        Assert.All(booked.Zip(Enumerable.Range(1, 10)), pair =>
        {
            var (result, n) = pair;
            Assert.Equal((AllocationStatus.Allocated, $"booker-{n}", AllocationKind.Booking, 2, (DateTimeOffset?)null), (result.Status, result.Allocation!.UserId, result.Allocation.Kind, result.Allocation.Quantity, result.Allocation.ExpiresAt));
        });
        Assert.Equal(20, held.Concat(booked).Select(result => result.Allocation!.Id).Distinct().Count());
        Assert.Equal((AllocationStatus.Unavailable, 0), ((await tooMany).Status, (await tooMany).UnavailableSeatIds.Count));
        var replay = await gateAgain;
        Assert.Equal((true, (await show.Gate!).Allocation), (replay.IsReplay, replay.Allocation));

        var availability = await show.Strategy.GetAvailabilityAsync(show.Id);
        var heldUnits = held.Sum(result => result.Allocation!.Quantity);
        Assert.Equal((100 - 1 - heldUnits - 20, heldUnits, 1 + 20), (availability!.Available, availability.Held, availability.Booked));
        var confirmed = await show.Strategy.ConfirmAsync(new AllocationReference(show.Id, held[0].Allocation!.Id, "holder-1"));
        Assert.Equal((AllocationStatus.Allocated, held[0].Allocation!.Quantity), (confirmed.Status, confirmed.Allocation!.Quantity));
        await show.AssertValidAsync();
    }

    [Fact]
    public async Task Replays_inside_one_general_admission_batch_return_the_first_allocation()
    {
        await using var show = await GatedShow.GeneralAdmissionAsync(capacity: 20); // room for all four

        var first = show.Strategy.BookAsync(AllocationRequest.ForQuantity(show.Id, "order-1", "ada", 2));
        var other = show.Strategy.BookAsync(AllocationRequest.ForQuantity(show.Id, "order-2", "bob", 3));
        var replay = show.Strategy.BookAsync(AllocationRequest.ForQuantity(show.Id, "order-1", "ada", 2));
        var reused = show.Strategy.BookAsync(AllocationRequest.ForQuantity(show.Id, "order-1", "ada", 4));
        await show.OpenAsync();

        var (original, again) = (await first, await replay);
        Assert.Equal((AllocationStatus.Allocated, false), (original.Status, original.IsReplay));
        Assert.Equal((true, original.Allocation), (again.IsReplay, again.Allocation));
        Assert.Equal(AllocationStatus.IdempotencyKeyReused, (await reused).Status);
        Assert.True((await other).Succeeded);
        var availability = await show.Strategy.GetAvailabilityAsync(show.Id);
        Assert.Equal((14, 6), (availability!.Available, availability.Booked)); // 20 - gate 1 - ada 2 - bob 3, once each
        await show.AssertValidAsync();
    }

    [Theory]
    [InlineData(64)]
    [InlineData(3)]
    public async Task Requests_of_a_show_are_decided_in_arrival_order(int maxBatchSize)
    {
        await using var show = await GatedShow.GeneralAdmissionAsync(capacity: 5, maxBatchSize);

        var buyers = Enumerable.Range(1, 10).Select(n => show.Strategy.BookAsync(AllocationRequest.ForQuantity(show.Id, $"q{n}", $"user-{n}", 1))).ToArray();
        await show.OpenAsync();

        var statuses = (await Task.WhenAll(buyers)).Select(r => r.Status).ToArray();
        AllocationStatus[] expected = [.. Enumerable.Repeat(AllocationStatus.Allocated, 4), .. Enumerable.Repeat(AllocationStatus.Unavailable, 6)];
        Assert.Equal(expected, statuses); // the gate took 1 of 5; then the first four to arrive, in order
        await show.AssertValidAsync();
    }

    [Fact]
    public async Task Cancelling_a_queued_request_takes_it_out_of_its_batch()
    {
        await using var show = await GatedShow.GeneralAdmissionAsync(capacity: 5);
        using var cancellation = new CancellationTokenSource();

        var cancelled = show.Strategy.BookAsync(AllocationRequest.ForQuantity(show.Id, "changed-mind", "ada", 2), cancellation.Token);
        var kept = show.Strategy.BookAsync(AllocationRequest.ForQuantity(show.Id, "kept", "bob", 2));
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await show.OpenAsync();

        Assert.True((await kept).Succeeded);
        Assert.Equal(2, (await show.Strategy.GetAvailabilityAsync(show.Id))!.Available); // 5 - gate 1 - bob 2
        var retried = await show.Strategy.BookAsync(AllocationRequest.ForQuantity(show.Id, "changed-mind", "ada", 2));
        Assert.Equal((true, false), (retried.Succeeded, retried.IsReplay)); // it had never been made
        await show.AssertValidAsync();
    }

    [Fact]
    public async Task Cancelling_after_the_batch_was_sent_may_still_commit_and_a_replay_tells()
    {
        await using var show = await GatedShow.GeneralAdmissionAsync(capacity: 5, gate: false);
        using var cancellation = new CancellationTokenSource();

        var booking = show.Strategy.BookAsync(AllocationRequest.ForQuantity(show.Id, "in-flight", "ada", 2), cancellation.Token);
        await show.WaitUntilGateIsInTheDatabaseAsync();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => booking);
        await show.OpenAsync();

        var replay = await Concurrency.PollAsync(
            () => show.Strategy.BookAsync(AllocationRequest.ForQuantity(show.Id, "in-flight", "ada", 2)),
            result => result.IsReplay);
        Assert.Equal((true, 2), (replay.IsReplay, replay.Allocation!.Quantity));
        await show.AssertValidAsync();
    }

    [Fact]
    public async Task A_backend_killed_mid_batch_with_retrying_off_commits_nothing_and_every_caller_hears_it_is_unknown()
    {
        // A pool of its own: the killed connection must not be handed to other tests running meanwhile.
        await PostgresTestDatabase.GetAsync();
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.GetConnectionStringAsync());
        AllocationResult? hold = null;
        await using var show = await GatedShow.SeatedAsync(dataSource, "S001", "S002", "S003", prepare: async (strategy, showId) =>
            hold = await strategy.HoldAsync(AllocationRequest.ForSeats(showId, "held", "carol", "S003"), TimeSpan.FromMinutes(5)));
        await using var holdLock = await RowLock.OnAllocationAsync(dataSource, show.Id, hold!.Allocation!.Id);

        // One batch: a booking that writes seat S002, then a release that waits for the locked hold row.
        var booking = show.Strategy.BookAsync(AllocationRequest.ForSeats(show.Id, "book-2", "ada", "S002"));
        var release = show.Strategy.ReleaseAsync(new AllocationReference(show.Id, hold.Allocation.Id, "carol"));
        await show.OpenAsync();
        var batchBackend = await WaitUntilBlockedAsync(dataSource, holdLock.ProcessId);
        Assert.True(await ScalarAsync<bool>(dataSource, "SELECT pg_terminate_backend($1)", batchBackend));

        // Retrying is off for this show (a repeat would wait for the locked row again): the documented exception.
        await Assert.ThrowsAsync<AllocationOutcomeUnknownException>(() => booking);
        await Assert.ThrowsAsync<AllocationOutcomeUnknownException>(() => release);
        await holdLock.DisposeAsync();
        var availability = await show.Strategy.GetAvailabilityAsync(show.Id);
        Assert.Equal((1, 1, 1), (availability!.Available, availability.Held, availability.Booked)); // gate S001 booked, S003 still held, S002 free
        var replay = await show.Strategy.BookAsync(AllocationRequest.ForSeats(show.Id, "book-2", "ada", "S002"));
        Assert.Equal((true, false), (replay.Succeeded, replay.IsReplay)); // the killed batch had not booked it
        await show.AssertValidAsync();
    }

    /// <summary>
    /// A show's batches run one after another on the connection its queue keeps, not on whichever
    /// idle connection the pool hands out next: behind a pool another rush filled, handing each batch
    /// a different backend cut a hot show's throughput to a third in the benchmark. Forty requests
    /// queue behind a gate, so the queue drains them in ten batches of four without emptying.
    /// </summary>
    [Fact]
    public async Task A_show_s_batches_run_on_one_connection_however_many_the_pool_holds_idle()
    {
        await using var pool = await TaggedPool.WithIdleConnectionsAsync();
        var dataSource = pool.DataSource;

        var strategy = new GroupCommitAllocationStrategy(dataSource, PostgresTestDatabase.Options, new GroupCommitOptions { MaxBatchSize = 4 });
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 1_000));
        Task<AllocationResult> gate;
        Task<AllocationResult>[] queued;
        await using (var showRow = await RowLock.OnShowAsync(dataSource, showId))
        {
            gate = strategy.BookAsync(AllocationRequest.ForQuantity(showId, "gate", "gatekeeper", 1));
            await WaitUntilBlockedAsync(dataSource, showRow.ProcessId);
            queued = [.. Enumerable.Range(0, 40).Select(i => strategy.BookAsync(AllocationRequest.ForQuantity(showId, $"order-{i}", $"user-{i}", 1)))];
        }

        Assert.All(await Task.WhenAll([gate, .. queued]), result => Assert.Equal(AllocationStatus.Allocated, result.Status));
        // The backends of this pool whose last statement was a batch: the one the queue kept for all
        // eleven, not a few of the twenty the pool holds.
        Assert.Equal(1, await pool.CountBackendsWhoseLastStatementAsync("query LIKE '%.apply_batch(%'"));
        Assert.Equal(41, (await strategy.GetAvailabilityAsync(showId))!.Booked);
        var report = await ((IAllocationVerifier)strategy).VerifyAsync(showId);
        Assert.True(report.IsValid, report.ToString());
    }

    [Fact]
    public async Task A_show_s_best_available_batches_read_its_free_seats_on_the_connection_they_run_on()
    {
        await using var pool = await TaggedPool.WithIdleConnectionsAsync();
        var dataSource = pool.DataSource;

        var strategy = new GroupCommitAllocationStrategy(dataSource, PostgresTestDatabase.Options, new GroupCommitOptions { MaxBatchSize = 4 });
        var showId = NewShowId();
        // Ten rows of twenty seats.
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, Enumerable.Range(0, 200).Select(i => new SeatMapSeat($"R{i / 20}-{(i % 20) + 1}", "Stalls", $"R{i / 20}", (i % 20) + 1))));
        Task<AllocationResult> gate;
        Task<AllocationResult>[] queued;
        await using (var showRow = await RowLock.OnShowAsync(dataSource, showId))
        {
            gate = strategy.BookAsync(AllocationRequest.BestAvailable(showId, "gate", "gatekeeper", 2));
            await WaitUntilBlockedAsync(dataSource, showRow.ProcessId);
            queued = [.. Enumerable.Range(0, 40).Select(i => strategy.BookAsync(AllocationRequest.BestAvailable(showId, $"order-{i}", $"user-{i}", 2)))];
        }

        Assert.All(await Task.WhenAll([gate, .. queued]), result => Assert.Equal((AllocationStatus.Allocated, true), (result.Status, result.Allocation!.Together)));
        // The backends of this pool whose last statement read the show's seats or applied a batch: the
        // one the queue kept for all eleven batches and the reads before them, not others of the pool.
        Assert.Equal(1, await pool.CountBackendsWhoseLastStatementAsync("(query LIKE '%.apply_batch(%' OR query LIKE '%seat_id FROM %.seats %')"));
        Assert.Equal(82, (await strategy.GetAvailabilityAsync(showId))!.Booked);
        var report = await ((IAllocationVerifier)strategy).VerifyAsync(showId);
        Assert.True(report.IsValid, report.ToString());
    }

    [Fact]
    public async Task Two_instances_batching_one_show_never_deadlock_and_never_oversell()
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        IAllocationStrategy[] instances =
        [
            new GroupCommitAllocationStrategy(dataSource, PostgresTestDatabase.Options),
            new GroupCommitAllocationStrategy(dataSource, PostgresTestDatabase.Options, new GroupCommitOptions { MaxBatchSize = 7 }),
        ];
        var seatedShow = NewShowId();
        var seats = Enumerable.Range(1, 40).Select(n => $"S{n:D3}").ToArray();
        await instances[0].CreateShowAsync(ShowDefinition.Seated(seatedShow, seats));
        var standingShow = NewShowId();
        await instances[1].CreateShowAsync(ShowDefinition.GeneralAdmission(standingShow, 40));

        var booked = await Concurrency.RaceAsync(400, async client =>
        {
            var strategy = instances[client % 2];
            var seated = client % 4 < 2;
            var showId = seated ? seatedShow : standingShow;
            var request = seated
                ? AllocationRequest.ForSeats(showId, $"r{client}", $"u{client}", seats[client % seats.Length], seats[(client + 1 + Random.Shared.Next(seats.Length - 1)) % seats.Length])
                : AllocationRequest.ForQuantity(showId, $"r{client}", $"u{client}", 1 + (client % 3));
            if (request.SeatIds.Count == 0 && client % 5 == 0)
            {
                return (await strategy.BookAsync(request)).Allocation?.Quantity ?? 0;
            }

            var hold = await strategy.HoldAsync(request, TimeSpan.FromMinutes(5));
            if (!hold.Succeeded)
            {
                return 0;
            }

            // The other instance acts on it: confirm, release, or confirm and cancel.
            var other = instances[(client + 1) % 2];
            var reference = new AllocationReference(showId, hold.Allocation.Id, $"u{client}");
            switch (client % 3)
            {
                case 0:
                    Assert.Equal(ReleaseStatus.Released, await other.ReleaseAsync(reference));
                    return 0;
                case 1:
                    Assert.True((await other.ConfirmAsync(reference)).Succeeded);
                    return hold.Allocation.Quantity;
                default:
                    Assert.True((await other.ConfirmAsync(reference)).Succeeded);
                    Assert.Equal(ReleaseStatus.Released, await strategy.CancelAsync(reference));
                    return 0;
            }
        });

        var verifier = (IAllocationVerifier)instances[0];
        foreach (var showId in new[] { seatedShow, standingShow })
        {
            var report = await verifier.VerifyAsync(showId);
            Assert.True(report.IsValid, report.ToString());
            var availability = await instances[0].GetAvailabilityAsync(showId);
            Assert.Equal(0, availability!.Held);
            Assert.True(availability.Booked <= 40);
        }

        var bookedSeats = (await instances[0].GetAvailabilityAsync(seatedShow))!.Booked + (await instances[0].GetAvailabilityAsync(standingShow))!.Booked;
        Assert.Equal(booked.Sum(), bookedSeats); // every booking a client was told about, and no other
    }

    [Fact]
    public async Task The_same_request_sent_to_two_instances_at_once_is_allocated_once_and_both_hear_the_same_allocation()
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        IAllocationStrategy[] instances =
        [
            new GroupCommitAllocationStrategy(dataSource, PostgresTestDatabase.Options),
            new GroupCommitAllocationStrategy(dataSource, PostgresTestDatabase.Options),
        ];
        var showId = NewShowId();
        await instances[0].CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 1000));

        // Each request id goes to both instances, as a client's retry through another server would.
        var results = await Concurrency.RaceAsync(200, client =>
            instances[client % 2].BookAsync(AllocationRequest.ForQuantity(showId, $"order-{client / 2}", $"user-{client / 2}", 2)));

        foreach (var pair in results.Chunk(2))
        {
            Assert.All(pair, result => Assert.True(result.Succeeded));
            Assert.Equal(pair[0].Allocation, pair[1].Allocation);
            Assert.Equal(1, pair.Count(result => !result.IsReplay));
        }

        var availability = await instances[0].GetAvailabilityAsync(showId);
        Assert.Equal(200, availability!.Booked); // 100 orders of 2, each once
        Assert.True((await ((IAllocationVerifier)instances[1]).VerifyAsync(showId)).IsValid);
    }

    /// <summary>
    /// A show with a gate request already in the database, waiting for a row the test holds locked (a
    /// seated show's first seat, which the gate books; a general-admission show's row, from which the
    /// gate books 1 unit): every request made until <see cref="OpenAsync"/> queues for one batch.
    /// </summary>
    /// <summary>A pool of its own, its backends tagged with an application name, holding 20 idle connections.</summary>
    private sealed class TaggedPool(NpgsqlDataSource dataSource, string applicationName) : IAsyncDisposable
    {
        public NpgsqlDataSource DataSource { get; } = dataSource;

        public static async Task<TaggedPool> WithIdleConnectionsAsync()
        {
            await PostgresTestDatabase.GetAsync();
            var connectionString = new NpgsqlConnectionStringBuilder(await TestPostgres.GetConnectionStringAsync()) { ApplicationName = "pool-" + Guid.NewGuid().ToString("N")[..12] };
            var dataSource = NpgsqlDataSource.Create(connectionString.ConnectionString);
            foreach (var connection in await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => dataSource.OpenConnectionAsync().AsTask())))
            {
                await connection.DisposeAsync(); // back to the pool, idle
            }

            return new TaggedPool(dataSource, connectionString.ApplicationName!);
        }

        /// <summary>How many of this pool's backends, other than the one asking, last ran a statement matching <paramref name="condition"/> (on pg_stat_activity.query).</summary>
        public Task<long> CountBackendsWhoseLastStatementAsync(string condition) =>
            ScalarAsync<long>(DataSource, $"SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid() AND {condition}", applicationName);

        public ValueTask DisposeAsync() => DataSource.DisposeAsync();
    }

    private sealed class GatedShow : IAsyncDisposable
    {
        private readonly NpgsqlDataSource _dataSource;
        private readonly RowLock _gateLock;

        private GatedShow(NpgsqlDataSource dataSource, GroupCommitAllocationStrategy strategy, string showId, RowLock gateLock, Task<AllocationResult>? gate)
        {
            _dataSource = dataSource;
            Strategy = strategy;
            Id = showId;
            _gateLock = gateLock;
            Gate = gate;
        }

        public GroupCommitAllocationStrategy Strategy { get; }

        public string Id { get; }

        public Task<AllocationResult>? Gate { get; }

        public static async Task<GatedShow> SeatedAsync(params string[] seats) =>
            await SeatedAsync(await PostgresTestDatabase.GetAsync(), seats);

        /// <summary>A seated show; the gate books its first seat, which the test holds locked. <paramref name="prepare"/> runs before it is locked.</summary>
        public static Task<GatedShow> SeatedAsync(NpgsqlDataSource dataSource, string[] seats, Func<GroupCommitAllocationStrategy, string, Task>? prepare = null, PostgresAllocationOptions? options = null) =>
            CreateAsync(dataSource, ShowDefinition.Seated(NewShowId(), seats), 64, gate: true, showId => AllocationRequest.ForSeats(showId, "gate", "gatekeeper", seats[0]), showId => RowLock.OnSeatAsync(dataSource, showId, seats[0]), prepare, options);

        /// <summary>Three seats, with retrying of transient failures off (for killing the batch's backend).</summary>
        public static Task<GatedShow> SeatedAsync(NpgsqlDataSource dataSource, string first, string second, string third, Func<GroupCommitAllocationStrategy, string, Task> prepare) =>
            SeatedAsync(dataSource, [first, second, third], prepare, new PostgresAllocationOptions { LockTimeout = PostgresTestDatabase.Options.LockTimeout, TransientRetries = 0 });

        /// <summary>A general-admission show, whose row the test holds locked; the gate (unless <paramref name="gate"/> is false) books 1 unit.</summary>
        public static async Task<GatedShow> GeneralAdmissionAsync(int capacity, int maxBatchSize = 64, bool gate = true)
        {
            var dataSource = await PostgresTestDatabase.GetAsync();
            return await CreateAsync(
                dataSource, ShowDefinition.GeneralAdmission(NewShowId(), capacity), maxBatchSize, gate, showId => AllocationRequest.ForQuantity(showId, "gate", "gatekeeper", 1),
                showId => RowLock.OnShowAsync(dataSource, showId), prepare: null, options: null);
        }

        /// <summary>Lets the gate's batch and then the queued requests through.</summary>
        public async Task OpenAsync()
        {
            await _gateLock.DisposeAsync();
            if (Gate is not null)
            {
                Assert.True((await Gate).Succeeded);
            }
        }

        /// <summary>Waits until the first request made after creation is in the database, waiting for the locked row.</summary>
        public Task<int> WaitUntilGateIsInTheDatabaseAsync() => WaitUntilBlockedAsync(_dataSource, _gateLock.ProcessId);

        public async Task AssertValidAsync()
        {
            var report = await Strategy.VerifyAsync(Id);
            Assert.True(report.IsValid, report.ToString());
        }

        public ValueTask DisposeAsync() => _gateLock.DisposeAsync();

        private static async Task<GatedShow> CreateAsync(
            NpgsqlDataSource dataSource,
            ShowDefinition definition,
            int maxBatchSize,
            bool gate,
            Func<string, AllocationRequest> gateRequest,
            Func<string, Task<RowLock>> lockGateRow,
            Func<GroupCommitAllocationStrategy, string, Task>? prepare,
            PostgresAllocationOptions? options)
        {
            var strategy = new GroupCommitAllocationStrategy(dataSource, options ?? PostgresTestDatabase.Options, new GroupCommitOptions { MaxBatchSize = maxBatchSize });
            await strategy.CreateShowAsync(definition);
            if (prepare is not null)
            {
                await prepare(strategy, definition.ShowId);
            }

            var gateLock = await lockGateRow(definition.ShowId);
            Task<AllocationResult>? gateBooking = null;
            if (gate)
            {
                gateBooking = strategy.BookAsync(gateRequest(definition.ShowId));
                await WaitUntilBlockedAsync(dataSource, gateLock.ProcessId);
            }

            return new GatedShow(dataSource, strategy, definition.ShowId, gateLock, gateBooking);
        }
    }
}
