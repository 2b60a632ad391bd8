using System.Text.Json;
using SeatAllocation.Benchmarks.Baselines;
using SeatAllocation.Benchmarks.Reporting;

namespace SeatAllocation.Benchmarks.Tests.Reporting;

public class ResultsJsonTests
{
    [Fact]
    public async Task The_results_file_carries_the_machine_every_baseline_and_every_row()
    {
        using var json = await WrittenAsync(await Sample.ReportAsync());
        var root = json.RootElement;

        Assert.Equal(ResultsDocument.CurrentSchemaVersion, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("eng/bench.sh --quick", root.GetProperty("commandLine").GetString());
        Assert.Equal("quick", root.GetProperty("mode").GetString());
        Assert.Equal("test CPU | with a pipe", root.GetProperty("machine").GetProperty("CPU").GetString());
        Assert.Equal(64, root.GetProperty("settings").GetProperty("clients").GetInt32());

        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        Assert.Equal("main", run.GetProperty("name").GetString());
        Assert.Equal(5, run.GetProperty("baselines").GetArrayLength());
        var limit = Baseline(run, GroupCommitLimit.GeneralAdmission);
        Assert.Equal(40_000, limit.GetProperty("perSecond").GetDouble());
        Assert.Equal(625, limit.GetProperty("toolRate").GetDouble());
        Assert.Equal(64, limit.GetProperty("allocationsPerTransaction").GetInt32());
        Assert.Equal(JsonValueKind.Null, Baseline(run, RedisBenchmark.Eval).GetProperty("perSecond").ValueKind);
        Assert.Equal(5, run.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task A_row_has_throughput_latency_round_trips_ratios_to_both_baselines_and_the_verdict()
    {
        using var json = await WrittenAsync(await Sample.ReportAsync(overbooked: true));
        var run = json.RootElement.GetProperty("runs")[0];

        // 400 bookings in 1 s, 800 round trips; hot-row baseline 1,000/s, GA limit 40,000 allocations/s.
        var row = Row(run, "hot-show-ga", "pessimistic");
        Assert.Equal("Hot show, general admission", row.GetProperty("scenarioTitle").GetString());
        Assert.Equal(400, row.GetProperty("requests").GetInt64());
        Assert.Equal(400, row.GetProperty("allocations").GetInt64());
        Assert.Equal(400, row.GetProperty("requestsPerSecond").GetDouble(), 6);
        Assert.Equal(2, row.GetProperty("databaseRoundTripsPerRequest").GetDouble(), 6);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("redisCallsPerRequest").ValueKind);
        var latency = row.GetProperty("latencyMs");
        Assert.True(latency.GetProperty("p50").GetDouble() <= latency.GetProperty("p99").GetDouble());
        Assert.True(latency.GetProperty("p99").GetDouble() <= latency.GetProperty("max").GetDouble());

        var ratios = row.GetProperty("ratios");
        Assert.Equal(PgBench.HotRow, ratios.GetProperty("baseline").GetString());
        Assert.Equal(0.4, ratios.GetProperty("toBaseline").GetDouble(), 6);
        Assert.Equal(GroupCommitLimit.GeneralAdmission, ratios.GetProperty("limit").GetString());
        Assert.Equal(0.01, ratios.GetProperty("toLimit").GetDouble(), 6);
        Assert.Equal(JsonValueKind.Null, ratios.GetProperty("toRedisEval").ValueKind);

        var verifier = row.GetProperty("verifier");
        Assert.True(verifier.GetProperty("passed").GetBoolean());
        Assert.Equal(0, verifier.GetProperty("overbooked").GetInt32());

        var failed = Row(run, "hot-show-ga", "optimistic");
        Assert.Equal(50, failed.GetProperty("contended").GetInt64());
        Assert.False(failed.GetProperty("verifier").GetProperty("passed").GetBoolean());
        Assert.Equal(1, failed.GetProperty("verifier").GetProperty("overbooked").GetInt32());
        Assert.Contains("seat A1", failed.GetProperty("verifier").GetProperty("problems")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_carries_its_seat_proposals_or_null_when_none_were_made()
    {
        using var json = await WrittenAsync(await Sample.WithSeatProposalsAsync(await Sample.ReportAsync()));
        var run = json.RootElement.GetProperty("runs")[0];

        var proposals = Row(run, "best-available-rush-2-instances", "group-commit").GetProperty("seatProposals");
        Assert.Equal(900, proposals.GetProperty("taken").GetInt64());
        Assert.Equal(150, proposals.GetProperty("proposedAgain").GetInt64());
        Assert.Equal(80, proposals.GetProperty("chosenAgain").GetInt64());
        Assert.Equal(20, proposals.GetProperty("refused").GetInt64());
        Assert.Equal(JsonValueKind.Null, Row(run, "hot-show-ga", "pessimistic").GetProperty("seatProposals").ValueKind);
    }

    [Fact]
    public async Task The_durable_rerun_is_a_second_run_with_its_server_and_its_own_baselines()
    {
        using var json = await WrittenAsync(await Sample.WithDurableRerunAsync(await Sample.ReportAsync()));
        var runs = json.RootElement.GetProperty("runs");

        Assert.Equal(2, runs.GetArrayLength());
        Assert.False(runs[0].GetProperty("server").GetProperty("durable").GetBoolean());
        Assert.Equal("off", runs[0].GetProperty("server").GetProperty("fsync").GetString());
        var durable = runs[1];
        Assert.Equal("durable-rerun", durable.GetProperty("name").GetString());
        Assert.True(durable.GetProperty("server").GetProperty("durable").GetBoolean());
        Assert.Equal("on", durable.GetProperty("server").GetProperty("synchronousCommit").GetString());
        Assert.Equal(500, Baseline(durable, PgBench.HotRow).GetProperty("perSecond").GetDouble());

        // 100/s against the durable server's own 500/s hot row and 20,000/s GA limit.
        var ratios = Row(durable, "hot-show-ga", "pessimistic").GetProperty("ratios");
        Assert.Equal(0.2, ratios.GetProperty("toBaseline").GetDouble(), 6);
        Assert.Equal(0.005, ratios.GetProperty("toLimit").GetDouble(), 6);
    }

    [Fact]
    public async Task The_file_deserializes_back_into_the_document_it_was_written_from()
    {
        var report = await Sample.WithDurableRerunAsync(await Sample.ReportAsync());
        var written = ResultsJson.ToDocument(report);

        var read = JsonSerializer.Deserialize<ResultsDocument>(ResultsJson.Write(report), ResultsJson.Options)!;

        Assert.Equal(JsonSerializer.Serialize(written, ResultsJson.Options), JsonSerializer.Serialize(read, ResultsJson.Options));
        Assert.Equal(written.Runs[1].Results[0].Ratios, read.Runs[1].Results[0].Ratios);
        Assert.Equal(written.Runs[0].Server, read.Runs[0].Server);
    }

    [Theory]
    [InlineData("docs/benchmarks/report.md", "docs/benchmarks/report.json")]
    [InlineData("/tmp/q/quick", "/tmp/q/quick.json")]
    [InlineData("out/report.json", "out/report.json.json")]
    public void The_results_file_sits_next_to_the_report(string markdown, string expected) =>
        Assert.Equal(expected, ResultsJson.PathNextTo(markdown));

    private static async Task<JsonDocument> WrittenAsync(RaceReport report)
    {
        var directory = Directory.CreateTempSubdirectory("seatallocation-results-json-").FullName;
        try
        {
            var file = ResultsJson.PathNextTo(Path.Combine(directory, "report.md"));
            await File.WriteAllTextAsync(file, ResultsJson.Write(report));
            return JsonDocument.Parse(await File.ReadAllTextAsync(file));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static JsonElement Baseline(JsonElement run, string name) =>
        run.GetProperty("baselines").EnumerateArray().Single(b => b.GetProperty("name").GetString() == name);

    private static JsonElement Row(JsonElement run, string scenario, string strategy) =>
        run.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("scenario").GetString() == scenario && r.GetProperty("strategy").GetString() == strategy);
}
