using ScottPlot;

namespace Parsimony.Reports;

/// <summary>One named series of (x, y) points for a line figure.</summary>
/// <param name="Label">Legend label.</param>
/// <param name="X">Abscissae.</param>
/// <param name="Y">Ordinates (NaN points are skipped).</param>
public sealed record Series(string Label, double[] X, double[] Y);

/// <summary>The few figure kinds reports use, drawn with ScottPlot and saved as PNG.</summary>
public static class Figures
{
    /// <summary>A line plot of one or more series; <paramref name="logY"/> plots log10 of positive values.</summary>
    public static void Lines(string path, string title, string xLabel, string yLabel, IEnumerable<Series> series, bool logY = false)
    {
        var plot = new Plot();
        int count = 0;
        foreach (var s in series)
        {
            var keep = Enumerable.Range(0, s.X.Length).Where(i => double.IsFinite(s.Y[i]) && (!logY || s.Y[i] > 0)).ToArray();
            if (keep.Length == 0) continue;
            var line = plot.Add.Scatter(keep.Select(i => s.X[i]).ToArray(), keep.Select(i => logY ? Math.Log10(s.Y[i]) : s.Y[i]).ToArray());
            line.LegendText = s.Label;
            line.MarkerSize = keep.Length > 60 ? 0 : 4;
            count++;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(logY ? $"log10 {yLabel}" : yLabel);
        if (count > 6) plot.ShowLegend(Edge.Right);
        else if (count > 1) plot.ShowLegend();
        plot.SavePng(path, count > 6 ? 900 : 640, 420);
    }

    /// <summary>
    /// Tuning curves stacked one above the other (a ridgeline), each scaled to its own peak so weak cells stay visible,
    /// labelled on the right with <paramref name="labels"/> and their peak; NaN points (unvisited bins) are skipped.
    /// </summary>
    public static void Stacked(string path, string title, string xLabel, double[] x, IReadOnlyList<double[]> curves, IReadOnlyList<string> labels)
    {
        var plot = new Plot();
        double right = x.Length == 0 ? 0 : x.Max();
        for (int c = 0; c < curves.Count; c++)
        {
            var keep = Enumerable.Range(0, x.Length).Where(i => double.IsFinite(curves[c][i])).ToArray();
            double peak = keep.Length == 0 ? 0 : keep.Max(i => curves[c][i]);
            double offset = curves.Count - 1 - c;
            var line = plot.Add.Scatter(keep.Select(i => x[i]).ToArray(), keep.Select(i => offset + 0.9 * (peak > 0 ? curves[c][i] / peak : 0)).ToArray());
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.Color = plot.Add.Palette.GetColor(c % 10);
            var text = plot.Add.Text($"{labels[c]} (peak {peak:G3})", right, offset + 0.35);
            text.LabelFontSize = 11;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("each curve scaled to its peak");
        HideTicks(plot.Axes.Left);
        double left = x.Length == 0 ? 0 : x.Min(), step = NiceStep((right - left) / 4);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (double t = Math.Ceiling(left / step) * step; t <= right + 1e-9 * step; t += step) ticks.AddMajor(t, $"{t:G4}");
        plot.Axes.Bottom.TickGenerator = ticks;                        // no ticks under the labels
        plot.Axes.SetLimitsX(left, right + (right - left) * 0.45);
        plot.Axes.SetLimitsY(-0.2, curves.Count);
        plot.SavePng(path, 820, Math.Clamp(60 + 38 * curves.Count, 360, 1400));
    }

    static void HideTicks(ScottPlot.IAxis axis)
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

    /// <summary>A heat map of <paramref name="values"/> (row 0 at the top) with a colour bar.</summary>
    public static void Heatmap(string path, string title, double[,] values, string xLabel = "", string yLabel = "")
    {
        var plot = new Plot();
        var map = plot.Add.Heatmap(values);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(map);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Axes.Margins(0, 0);
        plot.SavePng(path, 640, 560);
    }

    /// <summary>
    /// A heat map of the square matrix <paramref name="matrix"/> with rows and columns permuted by <paramref name="order"/>,
    /// block-averaged down to at most <paramref name="maxSize"/> cells a side (so N = 4096 still draws).
    /// </summary>
    public static void OrderedMatrix(string path, string title, TorchSharp.torch.Tensor matrix, long[] order, int maxSize = 256)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var index = TorchSharp.torch.tensor(order, device: matrix.device);
        var m = matrix.detach().index_select(0, index).index_select(1, index).to(TorchSharp.torch.float64).cpu();
        long n = m.shape[0], block = (n + maxSize - 1) / maxSize, size = n / block;
        m = m.narrow(0, 0, size * block).narrow(1, 0, size * block).view(size, block, size, block).mean([1, 3]);
        var data = m.data<double>().ToArray();
        var values = new double[size, size];
        for (int i = 0; i < size; i++) for (int j = 0; j < size; j++) values[i, j] = data[i * size + j];
        Heatmap(path, title, values, block > 1 ? $"presynaptic neuron (blocks of {block}, manifold order)" : "presynaptic neuron (manifold order)",
            "postsynaptic neuron (manifold order)");
    }

    /// <summary>A bar chart of <paramref name="values"/>, labelled by <paramref name="labels"/> or by index.</summary>
    public static void Bars(string path, string title, string yLabel, double[] values, string[]? labels = null)
    {
        var plot = new Plot();
        plot.Add.Bars(values);
        if (labels is not null)
        {
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Length).Select(i => (double)i).ToArray(), labels);
            plot.Axes.Bottom.TickLabelStyle.Rotation = labels.Any(l => l.Length > 8) ? 20 : 0;
        }
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.SavePng(path, 640, 420);
    }

    /// <summary>A scatter of points, optionally with the identity line y = x.</summary>
    public static void Scatter(string path, string title, string xLabel, string yLabel, double[] x, double[] y, bool diagonal = false)
    {
        var plot = new Plot();
        var points = plot.Add.ScatterPoints(x, y);
        points.MarkerSize = 3;
        if (diagonal && x.Length > 0)
        {
            double lo = Math.Min(x.Min(), y.Min()), hi = Math.Max(x.Max(), y.Max());
            plot.Add.Line(lo, lo, hi, hi);
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.SavePng(path, 640, 480);
    }

    /// <summary>A histogram of <paramref name="values"/> with a vertical line at <paramref name="marker"/> (e.g. a shuffle null and the observed value).</summary>
    public static void Histogram(string path, string title, string xLabel, double[] values, double marker, string markerLabel, int bins = 30)
    {
        var plot = new Plot();
        double lo = values.Min(), hi = values.Max();
        double width = hi > lo ? (hi - lo) / bins : Math.Max(Math.Abs(lo) * 0.01, 1e-9);
        var counts = new double[bins];
        foreach (var v in values) counts[Math.Clamp((int)((v - lo) / width), 0, bins - 1)]++;
        var bars = plot.Add.Bars(Enumerable.Range(0, bins).Select(b => lo + (b + 0.5) * width).ToArray(), counts);
        foreach (var bar in bars.Bars) bar.Size = width;
        var line = plot.Add.VerticalLine(marker);
        line.LegendText = markerLabel;
        plot.ShowLegend();
        double left = Math.Min(lo, marker), right = Math.Max(hi + width, marker), pad = 0.05 * (right - left + width);
        plot.Axes.SetLimitsX(left - pad, right + pad);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("count");
        plot.SavePng(path, 640, 420);
    }

    /// <summary>
    /// Maps of <paramref name="cols"/> × <paramref name="rows"/> bins (flat, index y·cols + x) side by side in a grid, each
    /// scaled to its own peak, row 0 at the bottom, bins with no <paramref name="occupancy"/> left blank, every tile
    /// captioned with its label.
    /// </summary>
    public static void Mosaic(string path, string title, IReadOnlyList<double[]> maps, int cols, int rows, double[] occupancy, IReadOnlyList<string> labels)
    {
        if (maps.Count == 0) return;
        int across = (int)Math.Ceiling(Math.Sqrt(maps.Count)), down = (maps.Count + across - 1) / across;
        int tileW = cols + 1, tileH = rows + 2;               // a blank column and two blank rows (for the caption) between tiles
        var mosaic = new double[down * tileH, across * tileW];
        for (int i = 0; i < mosaic.GetLength(0); i++) for (int j = 0; j < mosaic.GetLength(1); j++) mosaic[i, j] = double.NaN;
        for (int m = 0; m < maps.Count; m++)
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
        for (int m = 0; m < maps.Count; m++)
        {
            var text = plot.Add.Text(labels[m], m % across * tileW, mosaic.GetLength(0) - (m / across * tileH + rows) - 0.2);
            text.LabelFontSize = Math.Clamp(14 - across, 7, 12);
        }
        plot.Title(title);
        plot.HideGrid();
        HideTicks(plot.Axes.Left);                                       // mosaic pixel coordinates mean nothing
        HideTicks(plot.Axes.Bottom);
        int size = Math.Clamp(180 * across, 480, 1400);
        plot.SavePng(path, size, Math.Clamp(size * mosaic.GetLength(0) / mosaic.GetLength(1) + 60, 300, 1600));
    }
}
