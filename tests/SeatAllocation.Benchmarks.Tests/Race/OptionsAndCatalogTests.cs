using SeatAllocation.Benchmarks.Measurement;
using SeatAllocation.Benchmarks.Race;
using SeatAllocation.Benchmarks.Strategies;

namespace SeatAllocation.Benchmarks.Tests.Race;

public class OptionsAndCatalogTests
{
    [Fact]
    public void Options_default_to_quick_mode_and_the_docs_report()
    {
        var options = HarnessOptions.Parse([]);

        Assert.Equal("quick", options.Settings.Mode);
        Assert.Equal(Path.Combine("docs", "benchmarks", "report.md"), options.OutFile);
    }

    [Fact]
    public void Options_parse_every_flag()
    {
        var options = HarnessOptions.Parse(["--full", "--out", "r.md", "--banner", "check", "--scenarios", "hold-churn,sold-out-storm", "--strategies", "in-memory", "--duration", "2.5"]);

        Assert.Equal("full", options.Settings.Mode);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.Settings.Duration);
        Assert.Equal("r.md", options.OutFile);
        Assert.Equal("check", options.Banner);
        Assert.Equal(["hold-churn", "sold-out-storm"], options.Scenarios);
        Assert.Equal(["in-memory"], options.Strategies);
    }

    [Fact]
    public void Full_mode_reruns_the_hot_scenarios_on_a_durable_server_and_quick_mode_does_not()
    {
        Assert.Equal(["last-seats-rush", "hot-show-ga", "hot-show-ga-crowd", "hot-show-reserved"], HarnessOptions.Parse(["--full"]).Settings.DurableRerun);
        Assert.Empty(HarnessOptions.Parse(["--quick"]).Settings.DurableRerun);
        Assert.False(HarnessOptions.Parse(["--full"]).Durable);
        Assert.All(RaceSettings.HotScenarios, name => Assert.Contains(RaceRunner.AllScenarios, s => s.Name == name));
    }

    [Theory]
    [InlineData(new[] { "--durable" }, true, new string[0])]
    [InlineData(new[] { "--durable-rerun", "hot-show-ga", "--quick" }, false, new[] { "hot-show-ga" })]
    [InlineData(new[] { "--full", "--durable-rerun", "none" }, false, new string[0])]
    [InlineData(new[] { "--durable-rerun", "none", "--full" }, false, new string[0])]
    public void Durable_options_parse_whatever_their_order(string[] args, bool durable, string[] rerun)
    {
        var options = HarnessOptions.Parse(args);

        Assert.Equal(durable, options.Durable);
        Assert.Equal(rerun, options.Settings.DurableRerun);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--out")]
    [InlineData("--duration", "zero")]
    public void Bad_options_are_refused(params string[] args) =>
        Assert.Throws<ArgumentException>(() => HarnessOptions.Parse(args));

    [Fact]
    public void The_catalog_lists_every_library_strategy_and_selects_by_name()
    {
        Assert.Equal(["in-memory", "pessimistic", "optimistic", "group-commit", "redis-admission", "redis-group-commit"], StrategyCatalog.All.Select(e => e.Name));
        Assert.Equal(["optimistic"], StrategyCatalog.Select(["optimistic"]).Select(e => e.Name));
        Assert.Throws<ArgumentException>(() => StrategyCatalog.Select(["nope"]));
    }

    [Fact]
    public void Only_the_in_memory_strategy_s_instances_share_no_state()
    {
        Assert.Equal(["in-memory"], StrategyCatalog.All.Where(e => !e.InstancesShareState).Select(e => e.Name));
    }

    [Fact]
    public void Every_scenario_has_a_distinct_name()
    {
        var names = RaceRunner.AllScenarios.Select(s => s.Name).ToArray();

        Assert.Equal(["last-seats-rush", "hot-show-ga", "hot-show-ga-crowd", "hot-show-reserved", "sold-out-storm", "hold-churn", "best-available-rush", "best-available-rush-2-instances", "light-load"], names);
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Theory]
    [InlineData(AllocationStatus.Allocated, "Succeeded")]
    [InlineData(AllocationStatus.Unavailable, "Rejected")]
    [InlineData(AllocationStatus.HoldExpired, "Rejected")]
    [InlineData(AllocationStatus.Contended, "Contended")]
    public void Answers_are_classified_for_the_tables(AllocationStatus status, string expected) =>
        Assert.Equal(Enum.Parse<CallOutcome>(expected), ClientRecorder.Classify(status));

    [Fact]
    public async Task A_throwing_call_counts_as_an_error_with_a_sample()
    {
        using var latencies = new LatencyRecorder();
        var recorder = new ClientRecorder(latencies);

        var result = await recorder.AllocateAsync(() => throw new InvalidOperationException("boom"));

        Assert.Null(result);
        Assert.Equal(1, recorder.Errors);
        Assert.Equal(1, recorder.Calls);
        Assert.Equal("InvalidOperationException: boom", Assert.Single(recorder.ErrorSamples));
    }

    [Fact]
    public void The_redis_call_counter_matches_only_the_library_meter()
    {
        Assert.True(RedisCallCounter.IsRedisCallCounter("SeatAllocation", "seatallocation.redis.calls"));
        Assert.False(RedisCallCounter.IsRedisCallCounter("SeatAllocation", "seatallocation.requests"));
        Assert.False(RedisCallCounter.IsRedisCallCounter("Other", "redis.calls"));
    }
}
