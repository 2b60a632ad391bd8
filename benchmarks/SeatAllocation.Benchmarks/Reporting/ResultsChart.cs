using System.Globalization;
using SeatAllocation.Benchmarks.Race;

namespace SeatAllocation.Benchmarks.Reporting;

/// <summary>
/// The report's chart: two panels of grouped bars — throughput (requests/s) and p99 latency (ms) —
/// one group per scenario, one bar per strategy, both on logarithmic axes.
/// </summary>
internal static class ResultsChart
{
    private const double Width = 980;
    private const double PanelHeight = 300;
    private const double Left = 80;
    private const double Right = 20;
    private const double Top = 70;
    private const double Bottom = 60;

    // Colour-blind-safe (Okabe–Ito) colours, assigned by strategy position.
    private static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

    public static string Render(IReadOnlyList<ScenarioResult> results, IReadOnlyList<(string Name, string Title)> scenarios, IReadOnlyList<string> strategies)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(strategies);
        var svg = new SvgWriter(Width, Top + (2 * (PanelHeight + Bottom)) + 10);
        svg.Text(Left, 24, "SeatAllocation race harness: throughput and p99 latency per strategy (log scales)", 15, bold: true);
        for (var i = 0; i < strategies.Count; i++)
        {
            var x = Left + (i * 170);
            svg.Rect(x, 38, 14, 14, Palette[i % Palette.Length]).Text(x + 20, 50, strategies[i], 12);
        }

        Panel(svg, Top, "requests answered per second (higher is better)", results, scenarios, strategies, r => r.RequestsPerSecond, v => Compact(v));
        Panel(svg, Top + PanelHeight + Bottom, "p99 latency, ms (lower is better)", results, scenarios, strategies, r => r.P99Milliseconds, Compact);
        return svg.ToString();
    }

    private static void Panel(
        SvgWriter svg, double top, string title, IReadOnlyList<ScenarioResult> results, IReadOnlyList<(string Name, string Title)> scenarios,
        IReadOnlyList<string> strategies, Func<ScenarioResult, double> value, Func<double, string> label)
    {
        var plotHeight = PanelHeight - 40;
        var plotTop = top + 30;
        var plotWidth = Width - Left - Right;
        var scale = new LogScale(results.Select(value), plotHeight);
        svg.Text(Left, top + 16, title, 13, bold: true);

        foreach (var tick in scale.Ticks())
        {
            var y = plotTop + plotHeight - scale.Map(tick);
            svg.Line(Left, y, Left + plotWidth, y, "#dddddd", dashed: true).Text(Left - 6, y + 4, Compact(tick), 11, "end", "#555");
        }

        svg.Line(Left, plotTop + plotHeight, Left + plotWidth, plotTop + plotHeight, "#333").Line(Left, plotTop, Left, plotTop + plotHeight, "#333");

        var groupWidth = plotWidth / Math.Max(1, scenarios.Count);
        var barWidth = groupWidth * 0.8 / Math.Max(1, strategies.Count);
        for (var s = 0; s < scenarios.Count; s++)
        {
            var groupLeft = Left + (s * groupWidth) + (groupWidth * 0.1);
            svg.Text(Left + (s * groupWidth) + (groupWidth / 2), plotTop + plotHeight + 18, scenarios[s].Title, 12, "middle");
            for (var k = 0; k < strategies.Count; k++)
            {
                var result = results.FirstOrDefault(r => r.Scenario == scenarios[s].Name && r.Strategy == strategies[k]);
                if (result is null)
                {
                    continue;
                }

                var v = value(result);
                var height = scale.Map(v);
                var x = groupLeft + (k * barWidth);
                svg.Rect(x + 1, plotTop + plotHeight - height, barWidth - 2, height, Palette[k % Palette.Length], $"{strategies[k]}, {scenarios[s].Title}: {label(v)}");
                svg.Text(x + (barWidth / 2), plotTop + plotHeight - height - 4, label(v), 10, "middle", "#333");
            }
        }
    }

    /// <summary>1234 → "1.2k", 2500000 → "2.5M".</summary>
    internal static string Compact(double value) => value switch
    {
        >= 1e6 => (value / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1e3 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        >= 1 => value.ToString("0.#", CultureInfo.InvariantCulture),
        >= 0.001 => value.ToString("0.###", CultureInfo.InvariantCulture),
        0 => "0",
        _ => value.ToString("0.#E+0", CultureInfo.InvariantCulture), // sub-microsecond in-memory latencies
    };
}
