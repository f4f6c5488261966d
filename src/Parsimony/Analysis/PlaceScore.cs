namespace Parsimony.Analysis;

/// <summary>
/// The place-cell score of the SSI authors' evaluation (spec ssi.md §3), on a rate map min–max normalised to [0, 1]:
/// −100·smoothness + 10·consistency − 10·sparsity, with smoothness = mean |map − blur(map)| (5 × 5 Gaussian, σ = 1 bin,
/// reflected edges), consistency = share of bins below 0.1 plus share above 0.9, sparsity = mean² / mean of squares.
/// Higher means more place-like: one smooth, compact field on a silent background.
/// </summary>
public static class PlaceScore
{
    /// <summary>The score of a map of <paramref name="nx"/> × <paramref name="ny"/> bins (index iy·nx + ix); a flat map scores 0.</summary>
    public static double Compute(double[] map, int nx, int ny)
    {
        double lo = map.Min(), hi = map.Max();
        if (!(hi > lo)) return 0;
        var normalised = map.Select(v => (v - lo) / (hi - lo)).ToArray();
        var blurred = GaussianSmoothing.Smooth(normalised, nx, ny, 1, circular: false, radius: 2);
        double smoothness = normalised.Zip(blurred, (a, b) => Math.Abs(a - b)).Average();
        double consistency = normalised.Count(v => v < 0.1) / (double)map.Length + normalised.Count(v => v > 0.9) / (double)map.Length;
        double mean = normalised.Average(), meanSquare = normalised.Average(v => v * v);
        double sparsity = mean * mean / meanSquare;
        return -100 * smoothness + 10 * consistency - 10 * sparsity;
    }
}
