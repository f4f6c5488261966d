using Parsimony.Runs;
using ScottPlot;

namespace Parsimony.Reports;

/// <summary>
/// Draws the figure kinds of <see cref="FigureSpec"/> with ScottPlot and saves them as PNG: legends outside the data,
/// overlapping series told apart by markers and dashes, heat maps with row r at tick r, rate maps in their arena's
/// aspect with masked bins, nulls on their own range.
/// </summary>
public static class FigurePainter
{
    static readonly MarkerShape[] Shapes = [MarkerShape.FilledCircle, MarkerShape.OpenSquare, MarkerShape.FilledTriangleUp, MarkerShape.OpenDiamond,
                                            MarkerShape.FilledSquare, MarkerShape.OpenCircle, MarkerShape.FilledDiamond, MarkerShape.OpenTriangleUp];

    /// <summary>Draws <paramref name="spec"/> to the PNG file <paramref name="path"/> (atomically: never a truncated PNG).</summary>
    public static void Draw(FigureSpec spec, string path)
    {
        byte[] png;
        if (spec is RateMapsFigure maps)
        {
            var (multiplot, width, height) = RateMaps(maps);
            png = multiplot.Render(width, height).GetImageBytes(ImageFormat.Png);
        }
        else if (spec is RasterFigure raster)
        {
            var (multiplot, width, height) = Rasters(raster);
            png = multiplot.Render(width, height).GetImageBytes(ImageFormat.Png);
        }
        else
        {
            var (plot, w, h) = Build(spec);
            png = plot.GetImage(w, h).GetImageBytes(ImageFormat.Png);
        }
        AtomicFile.WriteAllBytes(path, png);
    }

    /// <summary>The plot of <paramref name="spec"/> and its size in pixels (rate maps are a grid of plots: <see cref="RateMaps"/>).</summary>
    internal static (Plot Plot, int Width, int Height) Build(FigureSpec spec) => spec switch
    {
        LinesFigure f => Lines(f),
        StackedFigure f => Stacked(f),
        HeatmapFigure f => Heatmap(f),
        BarsFigure f => Bars(f),
        ScatterFigure f => Scatter(f),
        HistogramFigure f => Histogram(f),
        _ => throw new ArgumentException($"No painter for figures of type {spec.GetType().Name}.", nameof(spec)),
    };

    static (Plot, int, int) Lines(LinesFigure f)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int count = 0;
        bool legend = f.Series.Count(s => s.Label.Length > 0 && s.Y.Any(double.IsFinite)) > 1;
        foreach (var s in f.Series)
        {
            var keep = Enumerable.Range(0, s.X.Length).Where(i => double.IsFinite(s.Y[i]) && (!f.LogY || s.Y[i] > 0)).ToArray();
            if (keep.Length == 0) continue;
            var line = plot.Add.Scatter(keep.Select(i => s.X[i]).ToArray(), keep.Select(i => f.LogY ? Math.Log10(s.Y[i]) : s.Y[i]).ToArray());
            if (legend && s.Label.Length > 0) line.LegendText = s.Label;
            line.Color = palette.GetColor((s.Group ?? count) % palette.Colors.Length);
            line.LinePattern = s.Dashed ? LinePattern.Dashed : LinePattern.Solid;
            line.LineWidth = s.Line ? 1.5f : 0;
            bool marked = s.Markers || keep.Length <= 60;
            line.MarkerSize = marked ? 5 : 0;
            line.MarkerShape = Shapes[count % Shapes.Length];
            count++;
        }
        foreach (var mark in f.Marks)
        {
            var v = plot.Add.VerticalLine(mark.X, 1, Colors.Gray, LinePattern.Dotted);
            v.Text = mark.Label;
            v.LabelOppositeAxis = true;
        }
        if (f.Box is { Length: 4 } box)
        {
            var outline = plot.Add.Rectangle(box[0], box[1], box[2], box[3]);
            outline.FillStyle.Color = Colors.Transparent;
            outline.LineStyle.Color = Colors.Black;
            outline.LineStyle.Width = 1.5f;
            plot.Axes.SquareUnits();
        }
        plot.Title(f.Title);
        plot.XLabel(f.XLabel);
        plot.YLabel(f.YLabel + (f.LogY ? " (log scale)" : ""));
        if (f.LogY)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                LabelFormatter = y => NumberFormat.Significant(Math.Pow(10, y), 3),
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            };
        }
        if (legend) plot.ShowLegend(Edge.Right);
        else plot.HideLegend();
        return (plot, legend ? 820 : 640, f.Box is null ? 420 : 600);
    }

    static (Plot, int, int) Stacked(StackedFigure f)
    {
        var (x, curves, labels) = (f.X, f.Curves, f.Labels);
        var plot = new Plot();
        double right = x.Length == 0 ? 0 : x.Max();
        string unit = f.Unit.Length > 0 ? " " + f.Unit : "";
        for (int c = 0; c < curves.Length; c++)
        {
            var keep = Enumerable.Range(0, x.Length).Where(i => double.IsFinite(curves[c][i])).ToArray();
            double peak = keep.Length == 0 ? 0 : keep.Max(i => curves[c][i]);
            double offset = curves.Length - 1 - c;
            var line = plot.Add.Scatter(keep.Select(i => x[i]).ToArray(), keep.Select(i => offset + 0.9 * (peak > 0 ? curves[c][i] / peak : 0)).ToArray());
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.Color = plot.Add.Palette.GetColor(c % 10);
            var text = plot.Add.Text($"{labels[c]} (peak {NumberFormat.Significant(peak, 3)}{unit})", right, offset + 0.35);
            text.LabelFontSize = 12;
        }
        plot.Title(f.Title);
        plot.XLabel(f.XLabel);
        plot.YLabel("each curve scaled to its peak");
        HideTicks(plot.Axes.Left);
        double left = x.Length == 0 ? 0 : x.Min(), step = NiceStep((right - left) / 4);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (double t = Math.Ceiling(left / step) * step; t <= right + 1e-9 * step; t += step) ticks.AddMajor(t, NumberFormat.Significant(t));
        plot.Axes.Bottom.TickGenerator = ticks;                        // no ticks under the labels
        plot.Axes.SetLimitsX(left, right + (right - left) * 0.55);
        plot.Axes.SetLimitsY(-0.2, curves.Length);
        return (plot, 900, Math.Clamp(60 + 38 * curves.Length, 360, 1400));
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

    /// <summary>Integer ticks 0 … n − 1 (every k-th when there are many).</summary>
    static ScottPlot.TickGenerators.NumericManual IndexTicks(int n, Func<int, string>? label = null)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        int every = Math.Max(1, (int)Math.Ceiling(n / 20.0));
        for (int i = 0; i < n; i += every) ticks.AddMajor(i, label?.Invoke(i) ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return ticks;
    }

    static (Plot, int, int) Heatmap(HeatmapFigure f)
    {
        int rows = f.Values.Length, cols = rows == 0 ? 0 : f.Values[0].Length;
        var values = new double[rows, cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) values[i, j] = f.Values[i][j];
        var plot = new Plot();
        var map = plot.Add.Heatmap(values);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        map.NaNCellColor = Colors.White;                                        // NaN: no value there (blank)
        map.Position = new CoordinateRect(-0.5, cols - 0.5, -0.5, rows - 0.5);   // cell (r, c) centred on (c, r)
        if (f.ColorMax is { } top && values.Length > 0) map.ManualRange = new ScottPlot.Range(Math.Min(f.Values.SelectMany(r => r).Where(double.IsFinite).DefaultIfEmpty(top).Min(), top), top);
        var bar = plot.Add.ColorBar(map);
        bar.Label = f.ColorLabel;
        plot.Axes.SetLimits(-0.5, cols - 0.5, rows - 0.5, -0.5);               // y inverted: row 0 at the top, at tick 0
        if (cols <= 60) plot.Axes.Bottom.TickGenerator = IndexTicks(cols);
        if (rows <= 60) plot.Axes.Left.TickGenerator = IndexTicks(rows);
        plot.Title(f.Title);
        plot.XLabel(f.XLabel);
        plot.YLabel(f.YLabel);
        return (plot, 680, 600);
    }

    static (Plot, int, int) Bars(BarsFigure f)
    {
        var plot = new Plot();
        plot.Add.Bars(f.Values);
        if (f.Labels is { } labels)
        {
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Length).Select(i => (double)i).ToArray(), labels);
            plot.Axes.Bottom.TickLabelStyle.Rotation = labels.Any(l => l.Length > 8) ? 20 : 0;
        }
        else plot.Axes.Bottom.TickGenerator = IndexTicks(f.Values.Length);
        plot.Title(f.Title);
        plot.XLabel(f.XLabel);
        plot.YLabel(f.YLabel);
        return (plot, 640, 420);
    }

    static (Plot, int, int) Scatter(ScatterFigure f)
    {
        var plot = new Plot();
        var points = plot.Add.ScatterPoints(f.X, f.Y);
        points.MarkerSize = 3;
        if (f.Diagonal && f.X.Length > 0)
        {
            double lo = Math.Min(f.X.Min(), f.Y.Min()), hi = Math.Max(f.X.Max(), f.Y.Max());
            var line = plot.Add.Line(lo, lo, hi, hi);
            line.LineStyle.Pattern = LinePattern.Dashed;
        }
        plot.Title(f.Title);
        plot.XLabel(f.XLabel);
        plot.YLabel(f.YLabel);
        return (plot, 640, 480);
    }

    static (Plot, int, int) Histogram(HistogramFigure f)
    {
        var (values, bins, marker) = (f.Values, f.Bins, f.Marker);
        var plot = new Plot();
        double lo = values.Min(), hi = values.Max();
        double width = hi > lo ? (hi - lo) / bins : Math.Max(Math.Abs(lo) * 0.01, 1e-9);
        var counts = new double[bins];
        foreach (var v in values) counts[Math.Clamp((int)((v - lo) / width), 0, bins - 1)]++;
        var bars = plot.Add.Bars(Enumerable.Range(0, bins).Select(b => lo + (b + 0.5) * width).ToArray(), counts);
        foreach (var bar in bars.Bars) bar.Size = width;
        double left = lo - width, right = lo + (bins + 1) * width, top = counts.Max() * 1.25;
        string observed = $"{f.MarkerLabel} {NumberFormat.Significant(marker)}";
        if (marker >= left && marker <= right)
        {
            var line = plot.Add.VerticalLine(marker, 2, Colors.Red);
            line.Text = observed;
            line.LabelOppositeAxis = true;
        }
        else
        {
            // The observed value lies far beyond the null: keep the null readable and point to where it is.
            bool beyondRight = marker > right;
            double edge = beyondRight ? right : left, inner = edge + (beyondRight ? -1 : 1) * (right - left) * 0.25;
            var arrow = plot.Add.Arrow(new Coordinates(inner, top * 0.8), new Coordinates(edge, top * 0.8));
            arrow.ArrowLineColor = Colors.Red;
            arrow.ArrowFillColor = Colors.Red;
            var text = plot.Add.Text($"{observed} ({(beyondRight ? "far right" : "far left")} of the null)", inner, top * 0.9);
            text.LabelFontColor = Colors.Red;
            text.LabelAlignment = beyondRight ? Alignment.LowerRight : Alignment.LowerLeft;
        }
        plot.Axes.SetLimits(left, right, 0, top);
        plot.Title(f.Title);
        plot.XLabel(f.XLabel);
        plot.YLabel("shuffles");
        return (plot, 700, 420);
    }

    /// <summary>One panel per map, with the arena's aspect, position axes, a colour bar each and masked bins in grey.</summary>
    internal static (Multiplot Plot, int Width, int Height) RateMaps(RateMapsFigure f)
    {
        var (x0, x1, y0, y1) = (f.Extent[0], f.Extent[1], f.Extent[2], f.Extent[3]);
        double aspect = Math.Clamp((x1 - x0) / (y1 - y0), 0.2, 8);
        int n = f.Maps.Length;
        const int tileWidth = 300;
        int tileHeight = (int)Math.Clamp((tileWidth - 150) / aspect + 80, 110, 400);   // the data area (width less colour bar and labels) in the arena's aspect
        int across = Math.Clamp(1400 / tileWidth, 1, Math.Max(1, n)), down = (n + across - 1) / across;
        var multiplot = new Multiplot();
        for (int m = 0; m < n; m++)
        {
            var plot = m == 0 ? multiplot.GetPlot(0) : multiplot.AddPlot();   // a new multiplot holds one plot already
            var values = new double[f.Rows, f.Cols];
            for (int y = 0; y < f.Rows; y++)
                for (int x = 0; x < f.Cols; x++)
                    values[f.Rows - 1 - y, x] = f.Occupancy[y * f.Cols + x] > 0 ? f.Maps[m][y * f.Cols + x] : double.NaN;   // top row = largest y
            var map = plot.Add.Heatmap(values);
            map.Colormap = new ScottPlot.Colormaps.Viridis();
            map.NaNCellColor = Colors.LightGray;
            map.Position = new CoordinateRect(x0, x1, y0, y1);
            var bar = plot.Add.ColorBar(map);
            bar.Label = f.ColorLabel;
            bar.LabelStyle.FontSize = 11;
            bar.Axis.TickLabelStyle.FontSize = 10;
            plot.Axes.SetLimits(x0, x1, y0, y1);
            plot.Axes.SquareUnits();
            plot.Title(f.Labels[m], size: 12);
            plot.XLabel(f.XLabel, size: 11);
            plot.YLabel(f.YLabel, size: 11);
        }
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(down, across);
        return (multiplot, across * tileWidth, down * tileHeight);
    }

    /// <summary>One raster per panel (dots, no lines), a dashed line between the groups of rows, three panels across.</summary>
    internal static (Multiplot Plot, int Width, int Height) Rasters(RasterFigure f)
    {
        int n = Math.Max(1, f.Panels.Count), across = Math.Min(3, n), down = (n + across - 1) / across;
        const int tileWidth = 460, tileHeight = 300;
        var multiplot = new Multiplot();
        double right = f.Panels.SelectMany(p => p.Times).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        for (int k = 0; k < f.Panels.Count; k++)
        {
            var panel = f.Panels[k];
            var plot = k == 0 ? multiplot.GetPlot(0) : multiplot.AddPlot();
            foreach (bool upper in new[] { false, true })                 // the upper group (the read-out) in red and larger
            {
                var keep = Enumerable.Range(0, panel.Times.Length)
                    .Where(i => double.IsFinite(panel.Times[i]) && (panel.Divider > 0 && panel.Rows[i] >= panel.Divider) == upper).ToArray();
                if (keep.Length == 0) continue;
                var dots = plot.Add.ScatterPoints(keep.Select(i => panel.Times[i]).ToArray(), keep.Select(i => (double)panel.Rows[i]).ToArray());
                dots.MarkerSize = upper ? 7 : 3;
                dots.Color = upper ? Colors.Red : Colors.Black;
            }
            if (panel.Divider > 0) plot.Add.HorizontalLine(panel.Divider - 0.5, 1, Colors.Gray, LinePattern.Dashed);
            plot.Axes.SetLimitsX(0, right * 1.02);
            plot.Axes.SetLimitsY(-1, Math.Max(panel.Divider, panel.Rows.DefaultIfEmpty(0).Max()) + 2);
            plot.Title(panel.Label, size: 12);
            plot.XLabel(f.XLabel, size: 11);
            plot.YLabel(f.YLabel, size: 11);
        }
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(down, across);
        return (multiplot, across * tileWidth, down * tileHeight);
    }
}
