using Parsimony.Recordings;

namespace Parsimony.Analysis;

/// <summary>Where a position exactly on the upper edge of the extent (x = xmax or y = ymax) goes.</summary>
public enum UpperEdge
{
    /// <summary>Into the last bin: bins [lo, lo + w), …, [hi − w, hi] (numpy's <c>histogram2d</c>).</summary>
    LastBin,
    /// <summary>Into no bin: every bin is half-open [lo + i·w, lo + (i + 1)·w), so the edge itself is outside (recipe R1: y = 90 is dropped).</summary>
    Drop,
}

/// <summary>What happens to a position outside the binned extent.</summary>
public enum EdgeRule
{
    /// <summary>It falls in no bin (recordings: samples outside the arena are dropped and counted).</summary>
    Drop,
    /// <summary>It goes to the nearest edge bin (simulated agents whose steps can cross a wall by a few centimetres).</summary>
    Clamp,
}

/// <summary>
/// How stimulus values map to bins — the one binning of recordings and of model activity: K equal arcs of the circle
/// for angles (bin = ⌊(θ mod 2π)/2π·K⌋), or an nx × ny grid over an extent for positions (flattened row by row:
/// index = iy·nx + ix; per axis ⌊(v − lo)/w⌋ for bins of side w, else ⌊(v − lo)/(hi − lo)·n⌋). A position on the upper
/// edge goes to the last bin or to none (<paramref name="Upper"/>); positions outside the extent are dropped or clamped
/// (<paramref name="Edges"/>).
/// </summary>
/// <param name="Kind">Angle or position.</param>
/// <param name="BinsX">Bins along the angle, or along x.</param>
/// <param name="BinsY">Bins along y (1 for angles).</param>
/// <param name="Extent">Position extent [xmin, xmax, ymin, ymax] (unused for angles).</param>
/// <param name="Edges">What happens to positions outside the extent.</param>
/// <param name="Upper">Where a position on the upper edge goes.</param>
/// <param name="BinSize">Side of a square bin, when the grid was made from one (then the index is ⌊(v − lo)/w⌋ exactly).</param>
public sealed record StimulusBinning(StimulusKind Kind, int BinsX, int BinsY, double[] Extent, EdgeRule Edges = EdgeRule.Drop,
                                     UpperEdge Upper = UpperEdge.LastBin, double? BinSize = null)
{
    /// <summary>Total number of bins.</summary>
    public int Count => BinsX * BinsY;

    /// <summary><paramref name="bins"/> equal arcs of the circle.</summary>
    public static StimulusBinning Angle(int bins)
    {
        Rules.AtLeast(bins, 2, "Bins");
        return new StimulusBinning(StimulusKind.Angle, bins, 1, [0, 2 * Math.PI, 0, 0]);
    }

    /// <summary><paramref name="bins"/> × <paramref name="bins"/> bins over a square box of side <paramref name="box"/> centred at 0, edges clamped.</summary>
    public static StimulusBinning Box(int bins, double box)
    {
        Rules.Positive(bins, "Bins");
        Rules.Positive(box, "Box");
        return new StimulusBinning(StimulusKind.Position, bins, bins, [-box / 2, box / 2, -box / 2, box / 2], EdgeRule.Clamp);
    }

    /// <summary>
    /// A grid for the positions of <paramref name="recording"/>: square bins of side <paramref name="binSize"/> when given,
    /// else <paramref name="bins"/> per axis; over <paramref name="extent"/> when given, else the range of the finite positions.
    /// </summary>
    public static StimulusBinning Position(Recording recording, int bins, double? binSize, double[]? extent, UpperEdge upper = UpperEdge.LastBin)
    {
        if (binSize is { } size) Rules.Positive(size, "BinSize");
        else Rules.AtLeast(bins, 1, "Bins");
        Rules.Require(extent is null || extent.Length == 4 && extent[1] > extent[0] && extent[3] > extent[2], "Extent",
            "takes four numbers xmin,xmax,ymin,ymax with xmin < xmax and ymin < ymax.");
        var e = extent ?? DataExtent(recording);
        int Along(double lo, double hi, bool auto) => binSize is { } s
            ? Math.Max(1, auto ? (int)Math.Floor((hi - lo) / s) + 1 : (int)Math.Ceiling((hi - lo) / s - 1e-9))
            : bins;
        int nx = Along(e[0], e[1], extent is null), ny = Along(e[2], e[3], extent is null);
        if (binSize is { } w) e = [e[0], extent is null ? e[0] + nx * w : e[1], e[2], extent is null ? e[2] + ny * w : e[3]];
        Rules.Require((long)nx * ny <= 1_000_000, "BinSize", $"would make a grid of {nx}×{ny} bins; choose a larger one.");
        return new StimulusBinning(StimulusKind.Position, nx, ny, e, EdgeRule.Drop, upper, binSize);
    }

    static double[] DataExtent(Recording recording)
    {
        double[] x = recording.Stimulus[0].Where(double.IsFinite).ToArray(), y = recording.Stimulus[1].Where(double.IsFinite).ToArray();
        if (x.Length == 0 || y.Length == 0) throw new ParsimonyException($"{recording.Source}: no finite position to bin.");
        double x0 = x.Min(), x1 = x.Max(), y0 = y.Min(), y1 = y.Max();
        return [x0, x1 > x0 ? x1 : x0 + 1, y0, y1 > y0 ? y1 : y0 + 1];
    }

    /// <summary>The bin of a stimulus value (<paramref name="y"/> unused for angles), or −1 when it is in none.</summary>
    public int BinOf(double x, double y)
    {
        if (!double.IsFinite(x) || Kind == StimulusKind.Position && !double.IsFinite(y)) return -1;
        if (Kind == StimulusKind.Angle)
        {
            double wrapped = x % (2 * Math.PI);
            if (wrapped < 0) wrapped += 2 * Math.PI;
            return Math.Min(BinsX - 1, (int)Math.Floor(wrapped / (2 * Math.PI) * BinsX));
        }
        int ix = Index(x, Extent[0], Extent[1], BinsX), iy = Index(y, Extent[2], Extent[3], BinsY);
        return ix < 0 || iy < 0 ? -1 : iy * BinsX + ix;
    }

    int Index(double v, double lo, double hi, int bins)
    {
        if (v < lo || v > hi)
        {
            if (Edges == EdgeRule.Drop) return -1;
            return v < lo ? 0 : bins - 1;
        }
        double at = Math.Floor(BinSize is { } w ? (v - lo) / w : (v - lo) / (hi - lo) * bins);
        if (!double.IsFinite(at)) return -1;                                   // an extent too wide for float64
        int i = (int)Math.Clamp(at, 0, bins);
        if (i < bins) return i;
        return Upper == UpperEdge.Drop && Edges == EdgeRule.Drop ? -1 : bins - 1;
    }

    /// <summary>
    /// The coarse class of bin <paramref name="bin"/> when the stimulus is cut into <paramref name="parts"/> equal
    /// sectors (angles) or <paramref name="parts"/> × <paramref name="parts"/> blocks (positions, row by row): a label
    /// for decoding a coarser stimulus.
    /// </summary>
    public int Coarse(int bin, int parts) => Kind == StimulusKind.Angle
        ? bin * parts / BinsX
        : bin / BinsX * parts / BinsY * parts + bin % BinsX * parts / BinsX;

    /// <summary>The stimulus value at a bin's centre: (angle in radians, 0) or (x, y).</summary>
    public (double X, double Y) Centre(int bin)
    {
        int ix = bin % BinsX, iy = bin / BinsX;
        return Kind == StimulusKind.Angle
            ? ((ix + 0.5) * 2 * Math.PI / BinsX, 0)
            : (Extent[0] + (ix + 0.5) * (Extent[1] - Extent[0]) / BinsX, Extent[2] + (iy + 0.5) * (Extent[3] - Extent[2]) / BinsY);
    }
}
