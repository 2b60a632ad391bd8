using Microsoft.Extensions.Time.Testing;
using SeatAllocation.Benchmarks.Measurement;

namespace SeatAllocation.Benchmarks.Tests.Measurement;

public class LatencyRecorderTests
{
    [Fact]
    public void Known_latencies_give_the_report_quantiles_to_three_significant_digits()
    {
        // 1, 2, …, 100 ms: the nearest-rank p50 is 50 ms, p95 95 ms, p99 99 ms, the max 100 ms.
        var measurement = Measure(Enumerable.Range(1, 100).Select(ms => TimeSpan.FromMilliseconds(ms)));

        AssertWithinPrecision(50, measurement.LatencyMilliseconds(50));
        AssertWithinPrecision(95, measurement.LatencyMilliseconds(95));
        AssertWithinPrecision(99, measurement.LatencyMilliseconds(99));
        AssertWithinPrecision(100, measurement.MaxLatencyMilliseconds);
        AssertWithinPrecision(50.5, measurement.MeanLatencyMilliseconds);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(95)]
    [InlineData(99)]
    [InlineData(99.9)]
    public void Percentiles_from_a_microsecond_to_ten_minutes_keep_three_digits(double percentile)
    {
        // An in-memory call next to a lock queue: 1 µs to 10 min, evenly spread on a log scale.
        var values = Enumerable.Range(0, 100_000).Select(i => TimeSpan.FromTicks((long)Math.Pow(10, 1 + (8.78 * i / 100_000)))).ToArray();
        var measurement = Measure(values);

        var exact = values.Order().ElementAt((int)Math.Ceiling(percentile / 100 * values.Length) - 1).TotalMilliseconds;
        AssertWithinPrecision(exact, measurement.LatencyMilliseconds(percentile));
    }

    [Fact]
    public void Sub_microsecond_calls_are_told_apart_at_100_ns()
    {
        var measurement = Measure([TimeSpan.FromTicks(2), TimeSpan.FromTicks(3), TimeSpan.FromTicks(5)]);

        Assert.Equal(0.0003, measurement.LatencyMilliseconds(50), 10);
        Assert.Equal(0.0005, measurement.MaxLatencyMilliseconds, 10);
    }

    [Fact]
    public void A_call_longer_than_an_hour_counts_as_an_hour()
    {
        var measurement = Measure([TimeSpan.FromMinutes(5), TimeSpan.FromHours(3)]);

        AssertWithinPrecision(TimeSpan.FromHours(1).TotalMilliseconds, measurement.MaxLatencyMilliseconds);
        AssertWithinPrecision(TimeSpan.FromMinutes(5).TotalMilliseconds, measurement.LatencyMilliseconds(50));
    }

    [Fact]
    public void An_empty_run_reports_zero()
    {
        var measurement = Measure([]);

        Assert.Equal(0, measurement.LatencyMilliseconds(99));
        Assert.Equal(0, measurement.MaxLatencyMilliseconds);
        Assert.Equal(0, measurement.MeanLatencyMilliseconds);
    }

    [Fact]
    public async Task Many_clients_recording_at_once_on_many_threads_lose_no_value()
    {
        // 64 clients × 2,000 calls on the thread pool, continuations hopping threads: every call's
        // latency lands once, whichever thread recorded it.
        const int clients = 64;
        const int calls = 2_000;
        using var latencies = new LatencyRecorder();
        var recorders = Enumerable.Range(0, clients).Select(_ => new ClientRecorder(latencies)).ToArray();
        await Task.WhenAll(recorders.Select((recorder, client) => Task.Run(async () =>
        {
            for (var i = 0; i < calls; i++)
            {
                await recorder.AllocateAsync(async () =>
                {
                    await Task.Yield();
                    return AllocationResult.Contended();
                });
            }
        })));

        var measurement = LoadMeasurement.Of(recorders, TimeSpan.FromSeconds(1));

        Assert.Equal(clients * calls, measurement.Calls);
        Assert.Equal(clients * calls, measurement.Latency.TotalCount);
        Assert.Equal(clients * calls, measurement.Contended);
    }

    [Fact]
    public async Task Rounds_add_up_calls_latencies_and_wall_time()
    {
        var first = await RoundAsync(TimeSpan.FromMilliseconds(10), calls: 90);
        var second = await RoundAsync(TimeSpan.FromMilliseconds(200), calls: 10);

        var total = first;
        total.Add(second);

        Assert.Equal(100, total.Calls);
        Assert.Equal(100, total.Latency.TotalCount);
        Assert.Equal(TimeSpan.FromSeconds(2), total.Elapsed);
        AssertWithinPrecision(10, total.LatencyMilliseconds(90));
        AssertWithinPrecision(200, total.LatencyMilliseconds(91));
        AssertWithinPrecision(200, total.MaxLatencyMilliseconds);
    }

    private static async Task<LoadMeasurement> RoundAsync(TimeSpan latency, int calls)
    {
        using var latencies = new LatencyRecorder();
        var clock = new FakeTimeProvider();
        var clientA = new ClientRecorder(latencies, clock);
        var clientB = new ClientRecorder(latencies, clock);
        for (var i = 0; i < calls; i++)
        {
            await (i % 2 == 0 ? clientA : clientB).ConfirmAsync(() =>
            {
                clock.Advance(latency);
                return Task.FromResult(AllocationResult.Contended());
            });
        }

        // Two clients share one recorder: its values are counted once.
        return LoadMeasurement.Of([clientA, clientB], TimeSpan.FromSeconds(1));
    }

    private static LoadMeasurement Measure(IEnumerable<TimeSpan> latenciesToRecord)
    {
        using var latencies = new LatencyRecorder();
        foreach (var latency in latenciesToRecord)
        {
            latencies.Record(latency);
        }

        return LoadMeasurement.Of([new ClientRecorder(latencies)], TimeSpan.FromSeconds(1));
    }

    /// <summary>Three significant digits: within 0.1 % of the true value.</summary>
    private static void AssertWithinPrecision(double expected, double reported) =>
        Assert.InRange(reported, expected * 0.999, expected * 1.001);
}
