using System.Globalization;
using System.Text;

namespace SeatAllocation.Benchmarks.Reporting;

/// <summary>
/// A very small SVG writer: rectangles, lines and text with escaped content and invariant-culture
/// numbers, so the chart is the same bytes on every machine locale.
/// </summary>
internal sealed class SvgWriter
{
    private readonly StringBuilder body = new();

    public SvgWriter(double width, double height)
    {
        Width = width;
        Height = height;
    }

    public double Width { get; }

    public double Height { get; }

    public SvgWriter Rect(double x, double y, double width, double height, string fill, string? title = null)
    {
        body.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(Math.Max(0, width))}\" height=\"{N(Math.Max(0, height))}\" fill=\"{Escape(fill)}\"");
        if (title is null)
        {
            body.Append("/>\n");
        }
        else
        {
            body.Append("><title>").Append(Escape(title)).Append("</title></rect>\n");
        }

        return this;
    }

    public SvgWriter Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, bool dashed = false)
    {
        body.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{Escape(stroke)}\" stroke-width=\"{N(strokeWidth)}\"");
        body.Append(dashed ? " stroke-dasharray=\"3,3\"/>\n" : "/>\n");
        return this;
    }

    /// <summary>Text at (x, y); <paramref name="anchor"/> is start, middle or end; <paramref name="rotate"/> in degrees around the anchor point.</summary>
    public SvgWriter Text(double x, double y, string text, double size = 12, string anchor = "start", string fill = "#222", bool bold = false, double rotate = 0)
    {
        body.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{N(y)}\" font-size=\"{N(size)}\" text-anchor=\"{Escape(anchor)}\" fill=\"{Escape(fill)}\"");
        if (bold)
        {
            body.Append(" font-weight=\"bold\"");
        }

        if (rotate != 0)
        {
            body.Append(CultureInfo.InvariantCulture, $" transform=\"rotate({N(rotate)} {N(x)} {N(y)})\"");
        }

        body.Append('>').Append(Escape(text)).Append("</text>\n");
        return this;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(Width)}\" height=\"{N(Height)}\" viewBox=\"0 0 {N(Width)} {N(Height)}\" font-family=\"Helvetica, Arial, sans-serif\">\n")
        + $"<rect x=\"0\" y=\"0\" width=\"{N(Width)}\" height=\"{N(Height)}\" fill=\"#ffffff\"/>\n"
        + body
        + "</svg>\n";

    /// <summary>Escapes text for element content and attribute values.</summary>
    internal static string Escape(string text) => (text ?? string.Empty)
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("'", "&apos;", StringComparison.Ordinal);

    private static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
