using Parsimony.Reports;
using Parsimony.Runs;
using ScottPlot;
using SkiaSharp;

namespace Parsimony.Tests.Reports;

/// <summary>Figures show what their labels say: read back the pixel colour under a labelled cell of a rendered PNG.</summary>
public class FigurePainterTests
{
    static SKColor At(SKBitmap image, Plot plot, double x, double y)
    {
        var p = plot.GetPixel(new Coordinates(x, y));
        return image.GetPixel((int)p.X, (int)p.Y);
    }

    static bool Bright(SKColor c) => c.Red > 200 && c.Green > 180 && c.Blue < 120;   // the top of viridis (yellow)
    static bool Dark(SKColor c) => c.Red < 100 && c.Green < 60 && c.Blue > 60;        // the bottom of viridis (purple)

    [Fact]
    public void AHeatMapCellSitsAtItsRowAndColumnTicks()
    {
        var values = Enumerable.Range(0, 5).Select(_ => new double[4]).ToArray();
        values[1][3] = 1;                                                     // asymmetric: row 1, column 3 only
        var (plot, w, h) = FigurePainter.Build(new HeatmapFigure("t", values, "column", "row"));
        var path = Path.Combine(TestPaths.TempDir(), "h.png");
        plot.SavePng(path, w, h);
        using var image = SKBitmap.Decode(path);
        Assert.True(Bright(At(image, plot, 3, 1)), $"row 1, column 3 should be the hot cell: {At(image, plot, 3, 1)}");
        Assert.True(Dark(At(image, plot, 3, 3)), "the mirrored row (3) is cold");
        Assert.True(Dark(At(image, plot, 1, 3)), "the transposed cell is cold");
        var top = plot.GetPixel(new Coordinates(3, 0)).Y;
        var bottom = plot.GetPixel(new Coordinates(3, 4)).Y;
        Assert.True(top < bottom, "row 0 is at the top");
    }

    [Fact]
    public void ARateMapBinSitsAtItsPositionAndUnvisitedBinsAreMasked()
    {
        int cols = 6, rows = 3;
        var map = new double[cols * rows];
        map[0 * cols + 4] = 9;                                                // the bin at x ∈ [40, 50), y ∈ [0, 10): bottom row
        var occupancy = Enumerable.Repeat(1.0, cols * rows).ToArray();
        occupancy[2 * cols + 0] = 0;                                          // x ∈ [0, 10), y ∈ [20, 30): never visited
        var spec = new RateMapsFigure("t", [map], cols, rows, occupancy, ["cell"], [0, 60, 0, 30]);
        var (multiplot, w, h) = FigurePainter.RateMaps(spec);
        var path = Path.Combine(TestPaths.TempDir(), "m.png");
        multiplot.SavePng(path, w, h);
        using var image = SKBitmap.Decode(path);
        var plot = multiplot.GetPlot(0);
        Assert.True(Bright(At(image, plot, 45, 5)), $"the hot bin at (45, 5): {At(image, plot, 45, 5)}");
        Assert.True(Dark(At(image, plot, 45, 25)), "the bin above it is cold");
        var masked = At(image, plot, 5, 25);
        Assert.True(masked.Red == masked.Green && masked.Green == masked.Blue && masked.Red > 180, $"unvisited bins are grey, not zero: {masked}");
        var width = plot.GetPixel(new Coordinates(60, 0)).X - plot.GetPixel(new Coordinates(0, 0)).X;
        var height = plot.GetPixel(new Coordinates(0, 0)).Y - plot.GetPixel(new Coordinates(0, 30)).Y;
        Assert.Equal(2.0, width / height, 1);                                 // the arena's aspect ratio
    }

    [Fact]
    public void NumbersReadAsPeopleWriteThem()
    {
        Assert.Equal("25.72", NumberFormat.Significant(25.7152156829834));
        Assert.Equal("0.4089", NumberFormat.Significant(0.40885806247842965));
        Assert.Equal("193.3", NumberFormat.Significant(193.2909429587612));
        Assert.Equal("5.53×10⁻⁶", NumberFormat.Significant(5.53e-6, 3));
        Assert.Equal("18328", NumberFormat.Significant(18328));
        Assert.Equal("NaN", NumberFormat.Significant(double.NaN));
    }
}
