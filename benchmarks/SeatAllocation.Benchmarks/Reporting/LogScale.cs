namespace SeatAllocation.Benchmarks.Reporting;

/// <summary>
/// Maps positive values onto a length on a base-10 logarithmic axis spanning whole decades — the
/// strategies differ by orders of magnitude (in-memory against PostgreSQL), which a linear axis
/// would flatten to nothing.
/// </summary>
internal sealed class LogScale
{
    public LogScale(IEnumerable<double> values, double length)
    {
        var positive = values.Where(v => v > 0 && double.IsFinite(v)).ToArray();
        LowDecade = positive.Length == 0 ? 0 : (int)Math.Floor(Math.Log10(positive.Min()));
        HighDecade = positive.Length == 0 ? 1 : Math.Max(LowDecade + 1, (int)Math.Ceiling(Math.Log10(positive.Max())));
        Length = length;
    }

    public int LowDecade { get; }

    public int HighDecade { get; }

    public double Length { get; }

    /// <summary>Distance from the axis origin; 0 for values at or below the lowest decade (and for zero).</summary>
    public double Map(double value)
    {
        if (value <= 0 || !double.IsFinite(value))
        {
            return 0;
        }

        var position = (Math.Log10(value) - LowDecade) / (HighDecade - LowDecade);
        return Math.Clamp(position, 0, 1) * Length;
    }

    /// <summary>The decade tick values, 10^low … 10^high.</summary>
    public IEnumerable<double> Ticks() => Enumerable.Range(LowDecade, HighDecade - LowDecade + 1).Select(d => Math.Pow(10, d));
}
