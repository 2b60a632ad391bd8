using System.Globalization;
using System.Xml.Linq;
using SeatAllocation.Benchmarks.Reporting;
using SkiaSharp;

namespace SeatAllocation.Benchmarks.Tests.Reporting;

public class ResultsChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    // The chart's first colours (Okabe–Ito), by strategy position.
    private static readonly string[] Colours = ["#0072B2", "#E69F00", "#009E73"];

    [Fact]
    public async Task The_svg_names_every_strategy_and_scenario_and_labels_each_bar()
    {
        var (report, scenarios, strategies) = await ChartInputAsync();

        var svg = ResultsChart.RenderSvg(report.Results, scenarios, strategies);
        var document = XDocument.Parse(svg);

        Assert.Equal(Svg + "svg", document.Root!.Name);
        Assert.Equal(ResultsChart.Width.ToString(CultureInfo.InvariantCulture), document.Root.Attribute("width")!.Value);
        Assert.Equal(ResultsChart.Height.ToString(CultureInfo.InvariantCulture), document.Root.Attribute("height")!.Value);
        var texts = document.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToArray();
        Assert.All(strategies, s => Assert.Contains(s, texts));
        Assert.All(scenarios, s => Assert.Contains(s.Title, texts));
        Assert.Contains(texts, t => t.StartsWith("Requests answered per second", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("p99 latency, ms", StringComparison.Ordinal));

        // Throughput labels (requests/s) and p99 labels (ms), from the sample's fake clock.
        Assert.Contains("100k", texts); // in-memory: 1,000 calls in 0.01 s
        Assert.Contains("400", texts);  // pessimistic, hot show
        Assert.Contains("3k", texts);   // optimistic, sold-out storm
        Assert.Contains("40", texts);   // pessimistic, hot show: 40 ms
        Assert.Contains("250.1", texts); // optimistic, hot show: 250 ms, as its histogram bucket's highest value (3 significant digits)
        Assert.Contains("0.002", texts); // in-memory: 2 µs
    }

    [Fact]
    public async Task The_svg_has_a_bar_per_result_in_each_panel_and_a_legend_swatch_per_strategy()
    {
        var (report, scenarios, strategies) = await ChartInputAsync();

        var document = XDocument.Parse(ResultsChart.RenderSvg(report.Results, scenarios, strategies));

        for (var k = 0; k < Colours.Length; k++)
        {
            var filled = document.Descendants(Svg + "rect").Count(r => string.Equals(r.Attribute("fill")?.Value, Colours[k], StringComparison.OrdinalIgnoreCase));
            var results = report.Results.Count(r => r.Strategy == strategies[k]);
            Assert.True(2 * results + 1 == filled, $"{strategies[k]}: {results} results should draw {2 * results} bars and one legend swatch, found {filled} rects of {Colours[k]}");
        }
    }

    [Fact]
    public async Task The_png_is_an_image_of_the_chart_size_with_each_strategys_colour()
    {
        var (report, scenarios, strategies) = await ChartInputAsync();

        var png = ResultsChart.RenderPng(report.Results, scenarios, strategies);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(ResultsChart.Width, bitmap.Width);
        Assert.Equal(ResultsChart.Height, bitmap.Height);
        var pixels = bitmap.Pixels;
        for (var k = 0; k < Colours.Length; k++)
        {
            var colour = SKColor.Parse(Colours[k]);
            Assert.True(pixels.Count(p => p == colour) > 1_000, $"{strategies[k]}'s bars ({Colours[k]}) are missing from the PNG");
        }

        Assert.Equal(SKColors.White, bitmap.GetPixel(1, 1));
    }

    [Fact]
    public async Task Labels_stay_invariant_under_another_culture()
    {
        var (report, scenarios, strategies) = await ChartInputAsync();
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var texts = XDocument.Parse(ResultsChart.RenderSvg(report.Results, scenarios, strategies)).Descendants(Svg + "text").Select(t => t.Value.Trim()).ToArray();
            Assert.Contains("0.002", texts);
            Assert.DoesNotContain("0,002", texts);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData(1_234, "1.2k")]
    [InlineData(2_500_000, "2.5M")]
    [InlineData(42, "42")]
    [InlineData(0.25, "0.25")]
    [InlineData(0.00004, "4E-5")]
    [InlineData(0, "0")]
    public void Chart_labels_are_compact(double value, string expected) =>
        Assert.Equal(expected, ResultsChart.Compact(value));

    private static async Task<(RaceReport Report, (string Name, string Title)[] Scenarios, string[] Strategies)> ChartInputAsync()
    {
        var report = await Sample.ReportAsync();
        return (report, [.. report.Scenarios.Select(s => (s.Name, s.Title))], [.. report.Strategies.Select(s => s.Name)]);
    }
}
