using System.Text.Json.Serialization;

namespace Parsimony.Runs;

/// <summary>One named series of (x, y) points of a line figure; NaN points are skipped.</summary>
/// <param name="Label">Legend label.</param>
/// <param name="X">Abscissae.</param>
/// <param name="Y">Ordinates.</param>
public sealed record Series(string Label, double[] X, double[] Y);

/// <summary>
/// The data behind one figure of a run, with what is needed to draw it (title, axis labels): jobs write it to
/// <c>figures/NAME.json</c> and the report draws <c>figures/NAME.png</c> from that file alone, so a report can always be
/// rebuilt from its folder. The JSON carries the kind in <c>"kind"</c>.
/// </summary>
/// <param name="Title">Title above the figure.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(LinesFigure), "lines")]
[JsonDerivedType(typeof(StackedFigure), "stacked")]
[JsonDerivedType(typeof(HeatmapFigure), "heatmap")]
[JsonDerivedType(typeof(BarsFigure), "bars")]
[JsonDerivedType(typeof(ScatterFigure), "scatter")]
[JsonDerivedType(typeof(HistogramFigure), "histogram")]
[JsonDerivedType(typeof(MosaicFigure), "mosaic")]
public abstract record FigureSpec(string Title);

/// <summary>Lines of one or more series; <paramref name="LogY"/> plots log10 of the positive values.</summary>
public sealed record LinesFigure(string Title, string XLabel, string YLabel, IReadOnlyList<Series> Series, bool LogY = false) : FigureSpec(Title);

/// <summary>
/// Curves over the same abscissae stacked one above another (a ridgeline), each scaled to its own peak and labelled;
/// NaN points (unvisited bins) are skipped.
/// </summary>
public sealed record StackedFigure(string Title, string XLabel, double[] X, double[][] Curves, string[] Labels) : FigureSpec(Title);

/// <summary>A heat map of <paramref name="Values"/> (row 0 at the top) with a colour bar.</summary>
public sealed record HeatmapFigure(string Title, double[][] Values, string XLabel = "", string YLabel = "") : FigureSpec(Title);

/// <summary>A bar chart, labelled by <paramref name="Labels"/> or by index.</summary>
public sealed record BarsFigure(string Title, string YLabel, double[] Values, string[]? Labels = null) : FigureSpec(Title);

/// <summary>A scatter of points, with the identity line y = x when <paramref name="Diagonal"/>.</summary>
public sealed record ScatterFigure(string Title, string XLabel, string YLabel, double[] X, double[] Y, bool Diagonal = false) : FigureSpec(Title);

/// <summary>A histogram of <paramref name="Values"/> with a vertical line at <paramref name="Marker"/> (a null distribution and the observed value).</summary>
public sealed record HistogramFigure(string Title, string XLabel, double[] Values, double Marker, string MarkerLabel, int Bins = 30) : FigureSpec(Title);

/// <summary>
/// Maps of <paramref name="Cols"/> × <paramref name="Rows"/> bins (flat, index y·cols + x) in a grid, each scaled to its
/// peak, row 0 at the bottom, bins without <paramref name="Occupancy"/> blank, each captioned by its label.
/// </summary>
public sealed record MosaicFigure(string Title, double[][] Maps, int Cols, int Rows, double[] Occupancy, string[] Labels) : FigureSpec(Title);

/// <summary>A figure and the file name (without extension) it is written under.</summary>
/// <param name="Name">File name stem, e.g. <c>rate-maps</c>.</param>
/// <param name="Spec">The figure.</param>
public sealed record NamedFigure(string Name, FigureSpec Spec);
