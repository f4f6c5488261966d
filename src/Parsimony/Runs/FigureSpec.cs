using System.Text.Json.Serialization;

namespace Parsimony.Runs;

/// <summary>One named series of (x, y) points of a line figure; NaN points are skipped; an empty label keeps it out of the legend.</summary>
/// <param name="Label">Legend label.</param>
/// <param name="X">Abscissae.</param>
/// <param name="Y">Ordinates.</param>
public sealed record Series(string Label, double[] X, double[] Y)
{
    /// <summary>Series of one group share a colour (e.g. a true trajectory and its decoding); null: a colour of its own.</summary>
    public int? Group { get; init; }
    /// <summary>Draw the line dashed.</summary>
    public bool Dashed { get; init; }
    /// <summary>Mark every point (otherwise only short series are marked).</summary>
    public bool Markers { get; init; }
    /// <summary>Join the points by a line (false: markers only).</summary>
    public bool Line { get; init; } = true;
}

/// <summary>A labelled vertical line across a line figure (e.g. where a training phase starts).</summary>
/// <param name="X">Where.</param>
/// <param name="Label">What starts there.</param>
public sealed record Mark(double X, string Label);

/// <summary>
/// The data behind one figure of a run, with what is needed to draw and read it (title, axis labels, caption): jobs
/// write it to <c>figures/NAME.json</c> and the report draws <c>figures/NAME.png</c> from that file alone, so a report can
/// always be rebuilt from its folder. The JSON carries the kind in <c>"kind"</c>.
/// </summary>
/// <param name="Title">Title above the figure.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(LinesFigure), "lines")]
[JsonDerivedType(typeof(StackedFigure), "stacked")]
[JsonDerivedType(typeof(HeatmapFigure), "heatmap")]
[JsonDerivedType(typeof(BarsFigure), "bars")]
[JsonDerivedType(typeof(ScatterFigure), "scatter")]
[JsonDerivedType(typeof(HistogramFigure), "histogram")]
[JsonDerivedType(typeof(RateMapsFigure), "rate-maps")]
[JsonDerivedType(typeof(RasterFigure), "raster")]
public abstract record FigureSpec(string Title)
{
    /// <summary>What the figure shows and how to read it (shown under it in the report).</summary>
    public string Caption { get; init; } = "";
}

/// <summary>
/// Lines of one or more series (legend outside the data); <paramref name="LogY"/> plots log10 of the positive values.
/// </summary>
public sealed record LinesFigure(string Title, string XLabel, string YLabel, IReadOnlyList<Series> Series, bool LogY = false) : FigureSpec(Title)
{
    /// <summary>An outline [x0, x1, y0, y1] to draw (an arena); with it both axes get equal units.</summary>
    public double[]? Box { get; init; }
    /// <summary>Vertical lines with labels (phase boundaries).</summary>
    public IReadOnlyList<Mark> Marks { get; init; } = [];
}

/// <summary>
/// Curves over the same abscissae stacked one above another (a ridgeline), each scaled to its own peak and labelled
/// with its peak in <see cref="Unit"/>; NaN points (unvisited bins) are skipped.
/// </summary>
public sealed record StackedFigure(string Title, string XLabel, double[] X, double[][] Curves, string[] Labels) : FigureSpec(Title)
{
    /// <summary>Unit of the curves' values (e.g. Hz).</summary>
    public string Unit { get; init; } = "";
}

/// <summary>A matrix as a heat map: row 0 at the top, column 0 at the left, each cell at its row and column number, with a colour bar.</summary>
public sealed record HeatmapFigure(string Title, double[][] Values, string XLabel = "", string YLabel = "") : FigureSpec(Title)
{
    /// <summary>What the colours measure, with its unit.</summary>
    public string ColorLabel { get; init; } = "";
    /// <summary>The value at the top of the colour scale (larger values saturate), or null for the largest value.</summary>
    public double? ColorMax { get; init; }
}

/// <summary>A bar chart over items (labelled by <paramref name="Labels"/> or numbered from 0), one bar per value.</summary>
public sealed record BarsFigure(string Title, string YLabel, double[] Values, string[]? Labels = null) : FigureSpec(Title)
{
    /// <summary>What the items are (e.g. cell).</summary>
    public string XLabel { get; init; } = "";
}

/// <summary>A scatter of points, with the identity line y = x when <paramref name="Diagonal"/>.</summary>
public sealed record ScatterFigure(string Title, string XLabel, string YLabel, double[] X, double[] Y, bool Diagonal = false) : FigureSpec(Title);

/// <summary>
/// A histogram of <paramref name="Values"/> (a null distribution) on its own range, with the observed value
/// <paramref name="Marker"/> as a line inside it or an arrow at the edge when it lies beyond.
/// </summary>
public sealed record HistogramFigure(string Title, string XLabel, double[] Values, double Marker, string MarkerLabel, int Bins = 30) : FigureSpec(Title);

/// <summary>
/// Rate maps of <paramref name="Cols"/> × <paramref name="Rows"/> bins over <paramref name="Extent"/> [x0, x1, y0, y1]
/// (flat, index y·cols + x, y = 0 at the bottom), one panel per map with its own colour bar, in the arena's true aspect
/// ratio; bins without <paramref name="Occupancy"/> are masked (grey), not shown as zero.
/// </summary>
public sealed record RateMapsFigure(string Title, double[][] Maps, int Cols, int Rows, double[] Occupancy, string[] Labels, double[] Extent) : FigureSpec(Title)
{
    /// <summary>Horizontal position axis, with its unit.</summary>
    public string XLabel { get; init; } = "x";
    /// <summary>Vertical position axis, with its unit.</summary>
    public string YLabel { get; init; } = "y";
    /// <summary>What the colours measure, with its unit (e.g. rate (Hz)).</summary>
    public string ColorLabel { get; init; } = "rate";
}

/// <summary>A figure and the file name (without extension) it is written under.</summary>
/// <param name="Name">File name stem, e.g. <c>rate-maps</c>.</param>
/// <param name="Spec">The figure.</param>
public sealed record NamedFigure(string Name, FigureSpec Spec);

/// <summary>One raster of a <see cref="RasterFigure"/>: a dot per spike at (time, row), a line below row <paramref name="Divider"/>.</summary>
/// <param name="Label">What the panel shows (e.g. the sample and its class).</param>
/// <param name="Times">Spike times.</param>
/// <param name="Rows">The row (neuron) of each spike.</param>
/// <param name="Divider">The first row of the upper group (e.g. the output layer above the hidden one); 0 for none.</param>
public sealed record RasterPanel(string Label, double[] Times, int[] Rows, int Divider = 0);

/// <summary>Spike rasters, one panel per sample, on shared axis labels.</summary>
public sealed record RasterFigure(string Title, IReadOnlyList<RasterPanel> Panels, string XLabel = "time (ms)", string YLabel = "neuron") : FigureSpec(Title);

