namespace SeatAllocation.Benchmarks.Measurement;

/// <summary>
/// A latency histogram with logarithmic buckets in the style of HdrHistogram: values below 128
/// are kept exactly, larger ones in buckets of 64 per power of two, so any percentile is within
/// 1/64 (≈ 1.6 %) of the true value however wide the range — a microsecond in-memory call and a
/// ten-second lock wait share one histogram. Percentiles are the bucket's highest equivalent value
/// (clamped to the recorded maximum), so they never understate a latency.
/// </summary>
/// <remarks>
/// Not thread-safe: every client records into its own histogram and the driver merges them
/// afterwards, which keeps shared-cache-line traffic out of the measured path.
/// </remarks>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 6;
    private const int SubBucketCount = 1 << SubBucketBits; // 64 buckets per power of two
    private const int ExactLimit = SubBucketCount * 2;      // 0..127 are exact
    private const int BucketCount = ExactLimit + ((63 - SubBucketBits) * SubBucketCount);

    private readonly long[] counts = new long[BucketCount];

    /// <summary>How many values were recorded.</summary>
    public long Count { get; private set; }

    /// <summary>The smallest value recorded (0 when empty).</summary>
    public long Min { get; private set; }

    /// <summary>The largest value recorded (0 when empty).</summary>
    public long Max { get; private set; }

    /// <summary>The sum of all values, for the mean.</summary>
    public double Sum { get; private set; }

    /// <summary>The exact mean (0 when empty).</summary>
    public double Mean => Count == 0 ? 0 : Sum / Count;

    /// <summary>Records one value (any non-negative integer; the unit is the caller's, e.g. nanoseconds).</summary>
    public void Record(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        counts[BucketOf(value)]++;
        Min = Count == 0 ? value : Math.Min(Min, value);
        Max = Math.Max(Max, value);
        Count++;
        Sum += value;
    }

    /// <summary>Adds every value recorded by <paramref name="other"/> to this histogram.</summary>
    public void Merge(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }

        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] += other.counts[i];
        }

        Min = Count == 0 ? other.Min : Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
        Count += other.Count;
        Sum += other.Sum;
    }

    /// <summary>
    /// The value at or below which <paramref name="fraction"/> of the recorded values lie (nearest
    /// rank, e.g. 0.99 for p99); 0 when nothing was recorded.
    /// </summary>
    public long Percentile(double fraction)
    {
        if (double.IsNaN(fraction) || fraction is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "A percentile is a fraction in (0, 1].");
        }

        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(fraction * Count));
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return Math.Clamp(HighestEquivalentValue(i), Min, Max);
            }
        }

        return Max;
    }

    /// <summary>The bucket index of a value; exposed for the tests of the bucket layout.</summary>
    internal static int BucketOf(long value)
    {
        if (value < ExactLimit)
        {
            return (int)value;
        }

        var magnitude = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)value); // ≥ 7
        var shift = magnitude - SubBucketBits;                                                // ≥ 1
        var sub = (int)(value >> shift);                                                      // 64..127
        return ExactLimit + ((shift - 1) * SubBucketCount) + (sub - SubBucketCount);
    }

    /// <summary>The largest value that falls in bucket <paramref name="index"/>.</summary>
    internal static long HighestEquivalentValue(int index)
    {
        if (index < ExactLimit)
        {
            return index;
        }

        var shift = ((index - ExactLimit) / SubBucketCount) + 1;
        var sub = (long)((index - ExactLimit) % SubBucketCount) + SubBucketCount;
        var highest = ((sub + 1) << shift) - 1;
        return highest < 0 ? long.MaxValue : highest; // the top bucket reaches past long.MaxValue
    }
}
