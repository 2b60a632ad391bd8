using SeatAllocation.Benchmarks.Measurement;

namespace SeatAllocation.Benchmarks.Tests.Measurement;

public class LatencyHistogramTests
{
    [Fact]
    public void An_empty_histogram_reports_zero()
    {
        var histogram = new LatencyHistogram();

        Assert.Equal(0, histogram.Count);
        Assert.Equal(0, histogram.Percentile(0.99));
        Assert.Equal(0, histogram.Mean);
    }

    [Fact]
    public void Small_values_are_exact()
    {
        var histogram = new LatencyHistogram();
        for (var v = 1; v <= 100; v++)
        {
            histogram.Record(v);
        }

        Assert.Equal(50, histogram.Percentile(0.50));
        Assert.Equal(95, histogram.Percentile(0.95));
        Assert.Equal(99, histogram.Percentile(0.99));
        Assert.Equal(100, histogram.Percentile(1.0));
        Assert.Equal(1, histogram.Min);
        Assert.Equal(100, histogram.Max);
        Assert.Equal(50.5, histogram.Mean);
    }

    [Theory]
    [InlineData(0.50)]
    [InlineData(0.95)]
    [InlineData(0.99)]
    [InlineData(0.999)]
    public void Percentiles_of_a_wide_range_are_within_the_bucket_precision(double fraction)
    {
        // One to ten million microseconds' worth of values: a spread like in-memory next to a lock queue.
        var values = Enumerable.Range(0, 100_000).Select(i => (long)Math.Pow(10, 1 + (6.0 * i / 100_000))).ToArray();
        var histogram = new LatencyHistogram();
        foreach (var v in values)
        {
            histogram.Record(v);
        }

        var exact = values.Order().ElementAt((int)Math.Ceiling(fraction * values.Length) - 1);
        var reported = histogram.Percentile(fraction);

        Assert.InRange(reported, exact, exact * (1 + (1.0 / 64)));
    }

    [Fact]
    public void A_percentile_never_exceeds_the_recorded_maximum()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(1_000_001);

        Assert.Equal(1_000_001, histogram.Percentile(0.99));
    }

    [Fact]
    public void Merging_equals_recording_everything_in_one()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        var all = new LatencyHistogram();
        for (var v = 0; v < 5_000; v++)
        {
            var value = (long)v * v;
            (v % 2 == 0 ? a : b).Record(value);
            all.Record(value);
        }

        a.Merge(b);

        Assert.Equal(all.Count, a.Count);
        Assert.Equal(all.Min, a.Min);
        Assert.Equal(all.Max, a.Max);
        Assert.Equal(all.Sum, a.Sum);
        foreach (var q in new[] { 0.1, 0.5, 0.9, 0.99, 1.0 })
        {
            Assert.Equal(all.Percentile(q), a.Percentile(q));
        }
    }

    [Fact]
    public void Buckets_are_contiguous_and_ordered()
    {
        var previous = -1;
        for (long v = 0; v < 1 << 20; v++)
        {
            var bucket = LatencyHistogram.BucketOf(v);
            Assert.True(bucket == previous || bucket == previous + 1, $"value {v} jumped from bucket {previous} to {bucket}");
            Assert.True(LatencyHistogram.HighestEquivalentValue(bucket) >= v);
            previous = bucket;
        }
    }

    [Fact]
    public void The_largest_values_fit()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(long.MaxValue);

        Assert.Equal(long.MaxValue, histogram.Percentile(0.5));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_fraction_outside_zero_to_one_is_refused(double fraction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyHistogram().Percentile(fraction));

    [Fact]
    public void Negative_values_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyHistogram().Record(-1));
}
