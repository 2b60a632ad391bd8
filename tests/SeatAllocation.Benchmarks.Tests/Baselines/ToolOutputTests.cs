using SeatAllocation.Benchmarks.Baselines;

namespace SeatAllocation.Benchmarks.Tests.Baselines;

public class ToolOutputTests
{
    [Fact]
    public void Pgbench_tps_is_read_without_connection_time()
    {
        const string Output = """
            transaction type: hot.sql
            number of clients: 64
            latency average = 57.245 ms
            initial connection time = 41.201 ms
            tps = 1117.995123 (without initial connection time)
            """;

        Assert.Equal(1117.995123, PgBench.ParseTps(Output));
        Assert.Null(PgBench.ParseTps("pgbench: error: connection refused"));
    }

    [Fact]
    public void A_batch_script_is_reported_in_allocations_per_second()
    {
        const string Output = "number of failed transactions: 0 (0.000%)\ntps = 547.000000 (without initial connection time)\n";
        var script = PgBench.Scripts.Single(s => s.Name == GroupCommitLimit.GeneralAdmission);

        var result = PgBench.ToResult(script, 64, 0, Output, "pgbench … -f GA-group-commit-limit.sql");

        Assert.Equal(547 * 64, result.PerSecond);
        Assert.Equal(547, result.ToolRate);
        Assert.Equal(64, result.AllocationsPerTransaction);
        Assert.Contains("allocations/s = statements/s × 64", result.Tool, StringComparison.Ordinal);
        Assert.Equal("pgbench … -f GA-group-commit-limit.sql", result.Note);
    }

    [Fact]
    public void A_failed_pgbench_run_keeps_no_rate_and_says_why()
    {
        var script = PgBench.Scripts.Single(s => s.Name == GroupCommitLimit.NamedSeats);

        var result = PgBench.ToResult(script, 64, 2, "pgbench: error: client 3 script 0 aborted in command 0 query 0: ERROR:  deadlock detected\ntps = 12.0 (without initial connection time)", "pgbench …");

        Assert.Null(result.PerSecond);
        Assert.Null(result.ToolRate);
        Assert.StartsWith("pgbench failed (exit 2): pgbench: error: client 3", result.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void One_transaction_scripts_keep_their_transactions_per_second()
    {
        var result = PgBench.ToResult(PgBench.Scripts.Single(s => s.Name == PgBench.HotRow), 64, 0, "tps = 313.5 (without initial connection time)", "pgbench …");

        Assert.Equal(313.5, result.PerSecond);
        Assert.Equal(1, result.AllocationsPerTransaction);
    }

    [Fact]
    public void The_group_commit_scripts_are_one_statement_of_64_allocations_each_sent_by_one_client()
    {
        foreach (var script in GroupCommitLimit.Scripts)
        {
            Assert.Equal(GroupCommitLimit.BatchSize, script.AllocationsPerTransaction);
            Assert.Equal(1, script.Clients);

            // One statement, so one round trip and one implicit transaction: no BEGIN, one semicolon, at the end.
            var sql = script.Script.Trim();
            Assert.EndsWith(";", sql, StringComparison.Ordinal);
            Assert.Equal(1, sql.Count(c => c == ';'));
            Assert.DoesNotContain("BEGIN", sql, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("\\", sql, StringComparison.Ordinal);
        }

        Assert.Contains("allocated + 64 <= capacity", GroupCommitLimit.GeneralAdmissionSql, StringComparison.Ordinal);
        Assert.Contains("LIMIT 128", GroupCommitLimit.NamedSeatsSql, StringComparison.Ordinal);
        Assert.Contains("ORDER BY s.id\n    FOR UPDATE OF s", GroupCommitLimit.NamedSeatsSql.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(PgBench.Scripts.Count, PgBench.Scripts.Select(s => s.FileName).Distinct().Count());
    }

    [Fact]
    public void Redis_benchmark_csv_rps_is_read_even_when_the_script_has_commas()
    {
        const string Output = """
            "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
            "EVAL redis.call('INCR', KEYS[1]) return 1 1 k","76335.88","0.447","0.128","0.423","0.551","1.231","3.279"
            """;

        Assert.Equal(76335.88, RedisBenchmark.ParseCsvRps(Output));
        Assert.Null(RedisBenchmark.ParseCsvRps("Could not connect to Redis"));
    }

    [Theory]
    [InlineData("127.0.0.1:6400,abortConnect=false", "127.0.0.1", 6400, null)]
    [InlineData("redis.local,password=secret", "redis.local", 6379, "secret")]
    [InlineData("abortConnect=false", "127.0.0.1", 6379, null)]
    public void Redis_configuration_strings_give_the_first_endpoint(string configuration, string host, int port, string? password) =>
        Assert.Equal((host, port, password), RedisBenchmark.ParseConfiguration(configuration));
}
