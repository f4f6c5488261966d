using Parsimony.Runs;
using ScottPlot;

namespace Parsimony.Reports;

/// <summary>Draws the figure kinds of <see cref="FigureSpec"/> with ScottPlot and saves them as PNG.</summary>
public static class FigurePainter
{
    /// <summary>Draws <paramref name="spec"/> to the PNG file <paramref name="path"/>.</summary>
    public static void Draw(FigureSpec spec, string path)
    {
        switch (spec)
        {
            case LinesFigure f: Lines(path, f); break;
            case StackedFigure f: Stacked(path, f); break;
            case HeatmapFigure f: Heatmap(path, f); break;
            case BarsFigure f: Bars(path, f); break;
            case ScatterFigure f: Scatter(path, f); break;
            case HistogramFigure f: Histogram(path, f); break;
            case MosaicFigure f: Mosaic(path, f); break;
            default: throw new ArgumentException($"No painter for figures of type {spec.GetType().Name}.", nameof(spec));
        }
    }

    static void Lines(string path, LinesFigure f)
    {
        var plot = new Plot();
        int count = 0;
        foreach (var s in f.Series)
        {
            var keep = Enumerable.Range(0, s.X.Length).Where(i => double.IsFinite(s.Y[i]) && (!f.LogY || s.Y[i] > 0)).ToArray();
            if (keep.Length == 0) continue;
            var line = plot.Add.Scatter(keep.Select(i => s.X[i]).ToArray(), keep.Select(i => f.LogY ? Math.Log10(s.Y[i]) : s.Y[i]).ToArray());
            line.LegendText = s.Label;
            line.MarkerSize = keep.Length > 60 ? 0 : 4;
            count++;
        }
        plot.Title(f.Title);
        plot.XLabel(f.XLabel);
        plot.YLabel(f.LogY ? $"log10 {f.YLabel}" : f.YLabel);
        if (count > 6) plot.ShowLegend(Edge.Right);
        else if (count > 1) plot.ShowLegend();
        plot.SavePng(path, count > 6 ? 900 : 640, 420);
    }

    static void Stacked(string path, StackedFigure f)
    {
        var (x, curves, labels) = (f.X, f.Curves, f.Labels);
        var plot = new Plot();
        double right = x.Length == 0 ? 0 : x.Max();
        for (int c = 0; c < curves.Length; c++)
        {
            var keep = Enumerable.Range(0, x.Length).Where(i => double.IsFinite(curves[c][i])).ToArray();
            double peak = keep.Length == 0 ? 0 : keep.Max(i => curves[c][i]);
            double offset = curves.Length - 1 - c;
            var line = plot.Add.Scatter(keep.Select(i => x[i]).ToArray(), keep.Select(i => offset + 0.9 * (peak > 0 ? curves[c][i] / peak : 0)).ToArray());
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.Color = plot.Add.Palette.GetColor(c % 10);
            var text = plot.Add.Text($"{labels[c]} (peak {peak:G3})", right, offset + 0.35);
            text.LabelFontSize = 11;
        }
        plot.Title(f.Title);
        plot.XLabel(f.XLabel);
        plot.YLabel("each curve scaled to its peak");
        HideTicks(plot.Axes.Left);
        double left = x.Length == 0 ? 0 : x.Min(), step = NiceStep((right - left) / 4);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (double t = Math.Ceiling(left / step) * step; t <= right + 1e-9 * step; t += step) ticks.AddMajor(t, $"{t:G4}");
        plot.Axes.Bottom.TickGenerator = ticks;                        // no ticks under the labels
        plot.Axes.SetLimitsX(left, right + (right - left) * 0.45);
        plot.Axes.SetLimitsY(-0.2, curves.Length);
        plot.SavePng(path, 820, Math.Clamp(60 + 38 * curves.Length, 360, 1400));
    }

    static void HideTicks(IAxis axis)
    {
        axis.TickLabelStyle.IsVisible = false;
        axis.MajorTickStyle.Length = 0;
        axis.MinorTickStyle.Length = 0;
    }

    /// <summary>1, 2, 2.5 or 5 × 10^k, the nearest at or above <paramref name="raw"/> (1 for a degenerate range).</summary>
    static double NiceStep(double raw)
    {
        if (!(raw > 0)) return 1;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(v => v >= raw * (1 - 1e-12));
    }

    static void Heatmap(string path, HeatmapFigure f)
    {
        int rows = f.Values.Length, cols = rows == 0 ? 0 : f.Values[0].Length;
        var values = new double[rows, cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) values[i, j] = f.Values[i][j];
        var plot = new Plot();
        var map = plot.Add.Heatmap(values);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(map);
        plot.Title(f.Title);
        plot.XLabel(f.XLabel);
        plot.YLabel(f.YLabel);
        plot.Axes.Margins(0, 0);
        plot.SavePng(path, 640, 560);
    }

    static void Bars(string path, BarsFigure f)
    {
        var plot = new Plot();
        plot.Add.Bars(f.Values);
        if (f.Labels is { } labels)
        {
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Length).Select(i => (double)i).ToArray(), labels);
            plot.Axes.Bottom.TickLabelStyle.Rotation = labels.Any(l => l.Length > 8) ? 20 : 0;
        }
        plot.Title(f.Title);
        plot.YLabel(f.YLabel);
        plot.SavePng(path, 640, 420);
    }

    static void Scatter(string path, ScatterFigure f)
    {
        var plot = new Plot();
        var points = plot.Add.ScatterPoints(f.X, f.Y);
        points.MarkerSize = 3;
        if (f.Diagonal && f.X.Length > 0)
        {
            double lo = Math.Min(f.X.Min(), f.Y.Min()), hi = Math.Max(f.X.Max(), f.Y.Max());
            plot.Add.Line(lo, lo, hi, hi);
        }
        plot.Title(f.Title);
        plot.XLabel(f.XLabel);
        plot.YLabel(f.YLabel);
        plot.SavePng(path, 640, 480);
    }

    static void Histogram(string path, HistogramFigure f)
    {
        var (values, bins, marker) = (f.Values, f.Bins, f.Marker);
        var plot = new Plot();
        double lo = values.Min(), hi = values.Max();
        double width = hi > lo ? (hi - lo) / bins : Math.Max(Math.Abs(lo) * 0.01, 1e-9);
        var counts = new double[bins];
        foreach (var v in values) counts[Math.Clamp((int)((v - lo) / width), 0, bins - 1)]++;
        var bars = plot.Add.Bars(Enumerable.Range(0, bins).Select(b => lo + (b + 0.5) * width).ToArray(), counts);
        foreach (var bar in bars.Bars) bar.Size = width;
        var line = plot.Add.VerticalLine(marker);
        line.LegendText = f.MarkerLabel;
        plot.ShowLegend();
        double left = Math.Min(lo, marker), right = Math.Max(hi + width, marker), pad = 0.05 * (right - left + width);
        plot.Axes.SetLimitsX(left - pad, right + pad);
        plot.Title(f.Title);
        plot.XLabel(f.XLabel);
        plot.YLabel("count");
        plot.SavePng(path, 640, 420);
    }

    static void Mosaic(string path, MosaicFigure f)
    {
        var (maps, cols, rows, occupancy, labels) = (f.Maps, f.Cols, f.Rows, f.Occupancy, f.Labels);
        if (maps.Length == 0) return;
        int across = (int)Math.Ceiling(Math.Sqrt(maps.Length)), down = (maps.Length + across - 1) / across;
        int tileW = cols + 1, tileH = rows + 2;               // a blank column and two blank rows (for the caption) between tiles
        var mosaic = new double[down * tileH, across * tileW];
        for (int i = 0; i < mosaic.GetLength(0); i++) for (int j = 0; j < mosaic.GetLength(1); j++) mosaic[i, j] = double.NaN;
        for (int m = 0; m < maps.Length; m++)
        {
            double peak = 0;
            for (int b = 0; b < maps[m].Length; b++) if (occupancy[b] > 0) peak = Math.Max(peak, maps[m][b]);
            int top = m / across * tileH, left = m % across * tileW;
            for (int y = 0; y < rows; y++)
                for (int x = 0; x < cols; x++)
                {
                    double v = maps[m][y * cols + x];
                    mosaic[top + rows - 1 - y, left + x] = occupancy[y * cols + x] <= 0 ? double.NaN : peak > 0 ? v / peak : v;
                }
        }
        var plot = new Plot();
        var map = plot.Add.Heatmap(mosaic);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        map.Extent = new CoordinateRect(0, mosaic.GetLength(1), 0, mosaic.GetLength(0));
        for (int m = 0; m < maps.Length; m++)
        {
            var text = plot.Add.Text(labels[m], m % across * tileW, mosaic.GetLength(0) - (m / across * tileH + rows) - 0.2);
            text.LabelFontSize = Math.Clamp(14 - across, 7, 12);
        }
        plot.Title(f.Title);
        plot.HideGrid();
        HideTicks(plot.Axes.Left);                                       // mosaic pixel coordinates mean nothing
        HideTicks(plot.Axes.Bottom);
        int size = Math.Clamp(180 * across, 480, 1400);
        plot.SavePng(path, size, Math.Clamp(size * mosaic.GetLength(0) / mosaic.GetLength(1) + 60, 300, 1600));
    }
}
