using Npgsql;
using SeatAllocation.Postgres;
using SeatAllocation.Servers;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Strategies;

/// <summary>
/// Failures while a request is in the database leave nothing behind. Another connection locks one of
/// the requested seats, so the request waits for it inside its transaction or statement (the
/// optimistic strategy has then already touched the other seat); then the lock wait times out, the
/// caller cancels, or the connection is killed.
/// </summary>
public sealed class FailureTests
{
    public static TheoryData<string> Strategies =>
        [PessimisticAllocationStrategy.StrategyName, OptimisticAllocationStrategy.StrategyName, GroupCommitAllocationStrategy.StrategyName];

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task A_lock_wait_past_the_timeout_answers_contended_and_takes_nothing(string strategyName)
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        var strategy = CreateStrategy(strategyName, dataSource, new PostgresAllocationOptions { LockTimeout = TimeSpan.FromMilliseconds(200) });
        var showId = await CreateShowAsync(strategy);
        await using var blocker = await RowLock.OnSeatAsync(dataSource, showId, "S002");

        var result = await strategy.BookAsync(AllocationRequest.ForSeats(showId, "r1", "ada", "S001", "S002"));

        Assert.Equal(AllocationStatus.Contended, result.Status);
        await blocker.DisposeAsync();
        await AssertNothingAllocatedAsync(strategy, showId);
    }

    /// <summary>The strategies that decide one request per call, so cancelling the call cancels its statement (group commit: <c>GroupCommitTests</c>).</summary>
    public static TheoryData<string> UnbatchedStrategies => [PessimisticAllocationStrategy.StrategyName, OptimisticAllocationStrategy.StrategyName];

    [Theory]
    [MemberData(nameof(UnbatchedStrategies))]
    public async Task Cancelling_mid_transaction_rolls_everything_back(string strategyName)
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        var strategy = CreateStrategy(strategyName, dataSource);
        var showId = await CreateShowAsync(strategy);
        await using var blocker = await RowLock.OnSeatAsync(dataSource, showId, "S002");
        using var cancellation = new CancellationTokenSource();

        var booking = strategy.BookAsync(AllocationRequest.ForSeats(showId, "r1", "ada", "S001", "S002"), cancellation.Token);
        await WaitUntilBlockedAsync(dataSource, blocker.ProcessId);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => booking);
        await blocker.DisposeAsync();
        await AssertNothingAllocatedAsync(strategy, showId);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task A_connection_killed_mid_transaction_with_retrying_off_is_an_unknown_outcome_and_leaves_nothing_behind(string strategyName)
    {
        // A pool of its own: the killed connection must not be handed to other tests running meanwhile.
        await PostgresTestDatabase.GetAsync();
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.GetConnectionStringAsync());
        // Retrying off: a repeat would wait for the locked seat again (TransientFailureTests covers the repeat).
        var strategy = CreateStrategy(strategyName, dataSource, new PostgresAllocationOptions { LockTimeout = TimeSpan.FromSeconds(30), TransientRetries = 0 });
        var showId = await CreateShowAsync(strategy);
        await using var blocker = await RowLock.OnSeatAsync(dataSource, showId, "S002");

        var booking = strategy.BookAsync(AllocationRequest.ForSeats(showId, "r1", "ada", "S001", "S002"));
        var victim = await WaitUntilBlockedAsync(dataSource, blocker.ProcessId);
        Assert.True(await ScalarAsync<bool>(dataSource, "SELECT pg_terminate_backend($1)", victim));

        var unknown = await Assert.ThrowsAsync<AllocationOutcomeUnknownException>(() => booking);
        Assert.IsAssignableFrom<NpgsqlException>(unknown.InnerException);
        await blocker.DisposeAsync();
        await AssertNothingAllocatedAsync(strategy, showId);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task A_cancel_waiting_past_the_lock_timeout_is_repeated_until_the_lock_goes(string strategyName)
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        var strategy = CreateStrategy(strategyName, dataSource, new PostgresAllocationOptions { LockTimeout = TimeSpan.FromMilliseconds(200), TransientRetries = 10 });
        var showId = await CreateShowAsync(strategy);
        var booking = (await strategy.BookAsync(AllocationRequest.ForSeats(showId, "r1", "ada", "S001", "S002"))).Allocation!;
        await using var blocker = await RowLock.OnAllocationAsync(dataSource, showId, booking.Id);

        var cancel = strategy.CancelAsync(new AllocationReference(showId, booking.Id, "ada"));
        await WaitUntilBlockedAsync(dataSource, blocker.ProcessId);
        await Task.Delay(TimeSpan.FromMilliseconds(600)); // the cancel's lock wait times out at least once
        await blocker.DisposeAsync();

        // A cancel cannot answer "contended": it waits the lock out instead of failing (it was a raw PostgresException).
        Assert.Equal(ReleaseStatus.Released, await cancel);
        await AssertAllSeatsFreeAsync(strategy, showId);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task A_release_that_never_gets_the_lock_is_an_unknown_outcome_and_its_replay_releases(string strategyName)
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        var strategy = CreateStrategy(strategyName, dataSource, new PostgresAllocationOptions { LockTimeout = TimeSpan.FromMilliseconds(100), TransientRetries = 1 });
        var showId = await CreateShowAsync(strategy);
        var hold = (await strategy.HoldAsync(AllocationRequest.ForSeats(showId, "r1", "ada", "S001", "S002"), TimeSpan.FromMinutes(5))).Allocation!;
        var reference = new AllocationReference(showId, hold.Id, "ada");
        await using var blocker = await RowLock.OnAllocationAsync(dataSource, showId, hold.Id);

        var unknown = await Assert.ThrowsAsync<AllocationOutcomeUnknownException>(() => strategy.ReleaseAsync(reference));
        Assert.Equal(PostgresErrorCodes.LockNotAvailable, Assert.IsType<PostgresException>(unknown.InnerException).SqlState);
        Assert.Equal(1, (await strategy.GetAvailabilityAsync(showId))!.Available); // still held: nothing was written

        await blocker.DisposeAsync();
        Assert.Equal(ReleaseStatus.Released, await strategy.ReleaseAsync(reference));
        await AssertAllSeatsFreeAsync(strategy, showId);
    }

    private static async Task<string> CreateShowAsync(IAllocationStrategy strategy)
    {
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "S001", "S002", "S003"));
        return showId;
    }

    private static async Task AssertNothingAllocatedAsync(IAllocationStrategy strategy, string showId)
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        Assert.Equal(0L, await ScalarAsync<long>(dataSource, "SELECT count(*) FROM {schema}.allocations WHERE show_id = $1", showId));
        await AssertAllSeatsFreeAsync(strategy, showId);
    }

    private static async Task AssertAllSeatsFreeAsync(IAllocationStrategy strategy, string showId)
    {
        var availability = await strategy.GetAvailabilityAsync(showId);
        Assert.Equal((3, 0, 0), (availability!.Available, availability.Held, availability.Booked));
        var report = await ((IAllocationVerifier)strategy).VerifyAsync(showId);
        Assert.True(report.IsValid, report.ToString());

        // And the seats are really free: the whole request now succeeds.
        Assert.True((await strategy.BookAsync(AllocationRequest.ForSeats(showId, "r2", "bob", "S001", "S002"))).Succeeded);
    }
}
