using System.Xml.Linq;
using SeatAllocation.Benchmarks.Reporting;

namespace SeatAllocation.Benchmarks.Tests.Reporting;

public class SvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void The_writer_produces_well_formed_svg_with_escaped_text()
    {
        var svg = new SvgWriter(200, 100)
            .Rect(1, 2, 3, 4, "#fff", "a <b> & \"c\"")
            .Line(0, 0, 10, 10, "#000", dashed: true)
            .Text(5, 5, "x < y & 'z'", rotate: -45)
            .ToString();

        var document = XDocument.Parse(svg);
        Assert.Equal(Svg + "svg", document.Root!.Name);
        Assert.Equal("x < y & 'z'", document.Descendants(Svg + "text").Single().Value);
        Assert.Equal("a <b> & \"c\"", document.Descendants(Svg + "title").Single().Value);
        Assert.Equal("3,3", document.Descendants(Svg + "line").Single().Attribute("stroke-dasharray")!.Value);
    }

    [Fact]
    public void Numbers_use_the_invariant_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var svg = new SvgWriter(100.5, 50.25).Rect(1.5, 2.5, 3.5, 4.5, "#000").ToString();
            Assert.Contains("x=\"1.5\"", svg, StringComparison.Ordinal);
            Assert.DoesNotContain("1,5", svg, StringComparison.Ordinal);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public async Task The_chart_has_a_bar_per_result_in_each_panel_and_a_legend_entry_per_strategy()
    {
        var report = await Sample.ReportAsync();
        var strategies = report.Strategies.Select(s => s.Name).ToArray();
        var svg = ResultsChart.Render(report.Results, [.. report.Scenarios.Select(s => (s.Name, s.Title))], strategies);

        var document = XDocument.Parse(svg);
        var bars = document.Descendants(Svg + "rect").Where(r => r.Element(Svg + "title") is not null).ToArray();
        Assert.Equal(2 * report.Results.Count, bars.Length);
        Assert.Contains(bars, b => b.Element(Svg + "title")!.Value == "pessimistic, Hot show, general admission: 400");
        foreach (var strategy in strategies)
        {
            Assert.Contains(document.Descendants(Svg + "text"), t => t.Value == strategy);
        }
    }

    [Fact]
    public void The_log_scale_spans_whole_decades_and_orders_values()
    {
        var scale = new LogScale([3, 4_000], 300);

        Assert.Equal(0, scale.LowDecade);
        Assert.Equal(4, scale.HighDecade);
        Assert.Equal(0, scale.Map(1));
        Assert.Equal(300, scale.Map(10_000));
        Assert.Equal(150, scale.Map(100), 6);
        Assert.True(scale.Map(4_000) > scale.Map(3));
        Assert.Equal(0, scale.Map(0));
        Assert.Equal([1, 10, 100, 1_000, 10_000], scale.Ticks());
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
}
