using System.Globalization;
using ScottPlot;
using SeatAllocation.Benchmarks.Race;
using SkiaSharp;

namespace SeatAllocation.Benchmarks.Reporting;

/// <summary>
/// The report's chart, drawn with ScottPlot: two panels of grouped bars — throughput (requests/s)
/// and p99 latency (ms) — one group per scenario, one bar per strategy, both on logarithmic axes
/// (the strategies differ by orders of magnitude, in-memory against PostgreSQL, which a linear axis
/// would flatten). The same drawing is written as SVG (the report links it) and as PNG.
/// </summary>
internal static class ResultsChart
{
    public const int Width = 980;
    public const int PanelHeight = 360;
    public const int Height = 2 * PanelHeight;

    // Present on Debian and most Linux machines; elsewhere SkiaSharp falls back to its default face.
    private const string FontName = "DejaVu Sans";

    // Colour-blind-safe (Okabe–Ito) colours, assigned by strategy position.
    private static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

    /// <summary>The chart as an SVG document.</summary>
    public static string RenderSvg(IReadOnlyList<ScenarioResult> results, IReadOnlyList<(string Name, string Title)> scenarios, IReadOnlyList<string> strategies)
    {
        var panels = Panels(results, scenarios, strategies);
        using var stream = new MemoryStream();
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), stream))
        {
            Draw(canvas, panels);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The chart as PNG bytes.</summary>
    public static byte[] RenderPng(IReadOnlyList<ScenarioResult> results, IReadOnlyList<(string Name, string Title)> scenarios, IReadOnlyList<string> strategies)
    {
        var panels = Panels(results, scenarios, strategies);
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height)) ?? throw new InvalidOperationException("SkiaSharp could not create a raster surface.");
        Draw(surface.Canvas, panels);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
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

    private static Plot[] Panels(IReadOnlyList<ScenarioResult> results, IReadOnlyList<(string Name, string Title)> scenarios, IReadOnlyList<string> strategies)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(strategies);
        // The top panel leaves room above its bars for the legend (two rows for six strategies).
        var throughput = Panel("Requests answered per second (higher is better, log scale)", results, scenarios, strategies, r => r.RequestsPerSecond, headroom: 0.5);
        var latency = Panel("p99 latency, ms (lower is better, log scale)", results, scenarios, strategies, r => r.P99Milliseconds, headroom: 0.18);
        throughput.Legend.ManualItems.AddRange(strategies.Select((s, k) => new LegendItem { LabelText = s, FillColor = Colour(k) }));
        throughput.Legend.Orientation = Orientation.Horizontal;
        throughput.Legend.FontName = FontName;
        throughput.ShowLegend(Alignment.UpperCenter);
        return [throughput, latency];
    }

    private static Plot Panel(
        string title, IReadOnlyList<ScenarioResult> results, IReadOnlyList<(string Name, string Title)> scenarios, IReadOnlyList<string> strategies, Func<ScenarioResult, double> value, double headroom)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title, size: 15);

        // Bars are drawn in log10 units above the lowest whole decade, so every positive value shows
        // and every bar is positive (ScottPlot puts a negative bar's label below it, off the panel).
        var positive = results.Select(value).Where(v => v > 0 && double.IsFinite(v)).ToArray();
        var low = positive.Length == 0 ? 0 : Math.Floor(Math.Log10(positive.Min()));
        var high = positive.Length == 0 ? 1 : Math.Max(low + 1, Math.Ceiling(Math.Log10(positive.Max())));

        var bars = new List<Bar>();
        var groupTicks = new ScottPlot.TickGenerators.NumericManual();
        var slots = strategies.Count + 1; // one empty slot between groups
        for (var s = 0; s < scenarios.Count; s++)
        {
            groupTicks.AddMajor((s * slots) + ((strategies.Count - 1) / 2.0), scenarios[s].Title);
            for (var k = 0; k < strategies.Count; k++)
            {
                var result = results.FirstOrDefault(r => r.Scenario == scenarios[s].Name && r.Strategy == strategies[k]);
                if (result is null || value(result) is not (> 0 and var v) || !double.IsFinite(v))
                {
                    continue;
                }

                bars.Add(new Bar { Position = (s * slots) + k, Value = Math.Log10(v) - low, FillColor = Colour(k), Label = Compact(v) });
            }
        }

        var plotted = plot.Add.Bars(bars);
        plotted.ValueLabelStyle.FontSize = 11;
        plotted.ValueLabelStyle.FontName = FontName;

        var decadeTicks = new ScottPlot.TickGenerators.NumericManual();
        for (var d = low; d <= high; d++)
        {
            decadeTicks.AddMajor(d - low, Compact(Math.Pow(10, d)));
        }

        plot.Axes.Left.TickGenerator = decadeTicks;
        plot.Axes.Bottom.TickGenerator = groupTicks;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.IsVisible = false;
        // The same margins in both panels, so their bars line up whatever the tick labels' widths.
        plot.Layout.Fixed(new PixelPadding(70, 20, 40, 45));
        // Room above the tallest bar for its label (and the legend): a share of the decades spanned.
        plot.Axes.SetLimits(-0.7, Math.Max(1, scenarios.Count * slots) - 1.3, 0, (high - low) * (1 + headroom));
        return plot;
    }

    private static void Draw(SKCanvas canvas, Plot[] panels)
    {
        // ScottPlot draws a plot again while its axis limits settle, which they always do on its
        // first render; settle them on a canvas that draws nothing, so the SVG holds each shape once.
        using (var settling = new SKNoDrawCanvas(Width, Height))
        {
            DrawPanels(settling, panels);
        }

        canvas.Clear(SKColors.White);
        DrawPanels(canvas, panels);
    }

    private static void DrawPanels(SKCanvas canvas, Plot[] panels)
    {
        for (var i = 0; i < panels.Length; i++)
        {
            panels[i].RenderManager.ClearCanvasBeforeEachRender = false;
            panels[i].Render(canvas, new PixelRect(0, Width, (i + 1) * PanelHeight, i * PanelHeight));
        }
    }

    private static Color Colour(int strategyIndex) => Color.FromHex(Palette[strategyIndex % Palette.Length]);
}
