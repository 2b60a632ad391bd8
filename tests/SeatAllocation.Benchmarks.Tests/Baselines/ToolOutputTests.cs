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
