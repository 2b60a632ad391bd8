using Npgsql;
using SeatAllocation.Postgres;
using SeatAllocation.Servers;

namespace SeatAllocation.Redis.Tests.Faults;

/// <summary>
/// PostgreSQL failing under the gate with an unknown outcome: the reply to an admitted booking's
/// commit is lost on the way back (the booking did commit), and the inner strategy, retrying off,
/// throws <see cref="AllocationOutcomeUnknownException"/>.
/// </summary>
public sealed class PostgresUnknownOutcomeTests
{
    [Fact]
    public async Task An_unknown_outcome_reaches_the_caller_unchanged_and_its_replay_puts_redis_back_in_step()
    {
        await RedisTestEnvironment.GetDataSourceAsync();
        var (proxy, connectionString) = await ReplyDroppingProxy.StartAsync(await TestPostgres.GetConnectionStringAsync());
        await using var _ = proxy;
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 1 }.ConnectionString);
        var inner = new PessimisticAllocationStrategy(dataSource, new PostgresAllocationOptions { LockTimeout = TimeSpan.FromSeconds(30), TransientRetries = 0 });
        var redis = await RedisTestEnvironment.GetRedisAsync();
        var strategy = new RedisAdmissionStrategy(inner, redis);
        var warmUp = RedisTestEnvironment.NewId("warm-up");
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(warmUp, 1));
        Assert.True((await strategy.BookAsync(AllocationRequest.ForQuantity(warmUp, "warm-up", "ada", 1))).Succeeded); // apply_batch prepared
        var showId = RedisTestEnvironment.NewId("unknown");
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 3));
        var request = AllocationRequest.ForQuantity(showId, "lost-reply", "ada", 1);

        proxy.DropNextReplyContaining(ReplyDroppingProxy.CommandComplete("SELECT 1"));
        await Assert.ThrowsAsync<AllocationOutcomeUnknownException>(() => strategy.BookAsync(request));

        Assert.Equal(1, proxy.Dropped);
        Assert.Equal(2, (await strategy.GetAvailabilityAsync(showId))!.Available); // PostgreSQL committed it
        Assert.Equal(3, await RedisState.RemainingAsync(redis, showId)); // the admission was given back

        var replay = await strategy.BookAsync(request);
        Assert.Equal((true, true), (replay.Succeeded, replay.IsReplay));
        await RedisState.AssertInStepAsync(redis, strategy, showId); // the replay's rebuild counts the booking again
        var report = await strategy.VerifyAsync(showId);
        Assert.True(report.IsValid, report.ToString());
    }
}
