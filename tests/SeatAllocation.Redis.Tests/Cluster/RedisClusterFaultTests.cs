using SeatAllocation.Postgres;
using SeatAllocation.Servers;
using SeatAllocation.Testing;
using StackExchange.Redis;

namespace SeatAllocation.Redis.Tests.Cluster;

/// <summary>
/// One master of a three-master cluster stopped (killed, like a crash) and restarted: the shows on
/// the other masters are still decided by Redis, the stopped master's shows fail safe as they do
/// when a lone Redis is down (fail-open books through PostgreSQL, fail-closed answers Contended
/// without touching it), and after the restart Redis rebuilds them from PostgreSQL. Each test has a
/// cluster of its own.
/// </summary>
[Collection(nameof(RedisAlone))]
public sealed class RedisClusterFaultTests : IAsyncLifetime
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(500);
    private ThrowawayRedisCluster _cluster = null!;
    private ConnectionMultiplexer _multiplexer = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestRedisCluster.StartDedicatedAsync();
        _multiplexer = await TestRedisCluster.ConnectAsync(_cluster.Configuration + ",connectRetry=5");
    }

    public async Task DisposeAsync()
    {
        _multiplexer.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_stopped_master_fails_safe_for_its_shows_while_the_other_masters_keep_deciding_theirs()
    {
        var masters = await ClusterLayout.MastersAsync(_multiplexer);
        var shows = await ClusterLayout.OneShowPerMasterAsync(_multiplexer, masters, "master");
        var (stoppedShow, stoppedMaster) = shows[0];
        var otherShows = shows.Skip(1).Select(show => show.ShowId).ToList();
        // Short timeouts for the requests meant to meet the stopped master; a generous one where Redis
        // is meant to answer, so a slow moment of a loaded machine is not mistaken for the fault.
        var open = await CreateStrategyAsync(RedisFailurePolicy.FailOpen, ShortTimeout);
        var closedWhileDown = await CreateStrategyAsync(RedisFailurePolicy.FailClosed, ShortTimeout);
        var closedLog = new RedisFailureLog();
        var closed = await CreateStrategyAsync(RedisFailurePolicy.FailClosed, RedisClusterTestEnvironment.Options.OperationTimeout, closedLog);
        foreach (var (showId, _) in shows)
        {
            await open.CreateShowAsync(ShowDefinition.Seated(showId, "A1", "A2", "A3"));
        }

        await _cluster.StopMasterAsync(ClusterLayout.PortOf(stoppedMaster));

        foreach (var showId in otherShows)
        {
            // Fail-closed would answer Contended had Redis failed: these answers come from Redis.
            var booked = await closed.BookAsync(AllocationRequest.ForSeats(showId, "ada-1", "ada", "A1"));
            Assert.True(booked.Succeeded, $"{booked}{Environment.NewLine}{closedLog}");
            using var counter = new PostgresCommandCounter();
            Assert.Equal(["A1"], (await closed.BookAsync(AllocationRequest.ForSeats(showId, "bob-1", "bob", "A1", "A2"))).UnavailableSeatIds);
            Assert.Equal(0, counter.Commands);
        }

        using (var counter = new PostgresCommandCounter())
        {
            Assert.Equal(AllocationStatus.Contended, (await closedWhileDown.BookAsync(AllocationRequest.ForSeats(stoppedShow, "closed", "bob", "A2"))).Status);
            Assert.Equal(0, counter.Commands);
        }

        var bookedWithoutRedis = await open.BookAsync(AllocationRequest.ForSeats(stoppedShow, "open", "ada", "A1"));
        Assert.True(bookedWithoutRedis.Succeeded, bookedWithoutRedis.ToString());

        await _cluster.RestartMasterAsync(ClusterLayout.PortOf(stoppedMaster));
        var afterRestart = await Concurrency.PollAsync(() => closed.BookAsync(AllocationRequest.ForSeats(stoppedShow, "closed", "bob", "A2")), r => r.Status != AllocationStatus.Contended);
        Assert.True(afterRestart.Succeeded, $"{afterRestart}{Environment.NewLine}{closedLog}");
        using (var counter = new PostgresCommandCounter())
        {
            // The restarted master came back empty; Redis was rebuilt from PostgreSQL, fail-open's booking included.
            Assert.Equal(["A1"], (await closed.BookAsync(AllocationRequest.ForSeats(stoppedShow, "again", "cy", "A1"))).UnavailableSeatIds);
            Assert.Equal(0, counter.Commands);
        }

        foreach (var (showId, _) in shows)
        {
            await RedisState.AssertInStepAsync(_multiplexer.GetDatabase(), open, showId);
            var report = await open.VerifyAsync(showId);
            Assert.True(report.IsValid, report.ToString());
            Assert.Equal(showId == stoppedShow ? 2 : 1, (await open.GetAvailabilityAsync(showId))!.Booked);
        }
    }

    private async Task<RedisAdmissionStrategy> CreateStrategyAsync(RedisFailurePolicy policy, TimeSpan operationTimeout, RedisFailureLog? log = null) =>
        new(
            new PessimisticAllocationStrategy(await RedisTestEnvironment.GetDataSourceAsync(), RedisTestEnvironment.PostgresOptions),
            _multiplexer.GetDatabase(),
            new RedisAdmissionOptions { OperationTimeout = operationTimeout, FailurePolicy = policy },
            logger: log);
}
