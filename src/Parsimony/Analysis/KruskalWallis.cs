using MathNet.Numerics;

namespace Parsimony.Analysis;

/// <summary>
/// The Kruskal–Wallis rank test of k independent groups: H = [12 / (N(N + 1)) Σ R_g² / n_g − 3(N + 1)] / C over the
/// mid-ranks of all N values pooled (R_g the rank sum of group g), with the tie correction C = 1 − Σ (t³ − t) / (N³ − N)
/// over the sizes t of the tied blocks, and the p-value of the χ² distribution with k − 1 degrees of freedom (the
/// large-sample approximation, as scipy.stats.kruskal).
/// </summary>
/// <param name="H">The tie-corrected statistic.</param>
/// <param name="DegreesOfFreedom">k − 1.</param>
/// <param name="P">P(χ²_{k−1} ≥ H), from the regularised upper incomplete gamma function (accurate far into the tail).</param>
public sealed record KruskalWallis(double H, int DegreesOfFreedom, double P)
{
    /// <summary>The test of <paramref name="groups"/> (at least two, each with at least one value, all finite); NaN when every value is equal.</summary>
    public static KruskalWallis Of(IReadOnlyList<IReadOnlyList<double>> groups)
    {
        Rules.Require(groups.Count >= 2, nameof(groups), $"needs at least two groups (got {groups.Count}).");
        Rules.Require(groups.All(g => g.Count > 0), nameof(groups), "needs at least one value in every group.");
        Rules.Require(groups.All(g => g.All(double.IsFinite)), nameof(groups), "takes finite values only.");
        var pooled = groups.SelectMany((g, index) => g.Select(v => (Value: v, Group: index))).OrderBy(x => x.Value).ToArray();
        int n = pooled.Length;
        var rankSums = new double[groups.Count];
        double ties = 0;
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && pooled[end + 1].Value == pooled[start].Value) end++;
            double midRank = (start + end) / 2.0 + 1;                       // ranks start + 1 … end + 1
            for (int i = start; i <= end; i++) rankSums[pooled[i].Group] += midRank;
            double t = end - start + 1;
            ties += t * t * t - t;
            start = end + 1;
        }
        double correction = 1 - ties / ((double)n * n * n - n);
        int df = groups.Count - 1;
        if (correction <= 0) return new KruskalWallis(double.NaN, df, double.NaN);
        double h = 12.0 / ((double)n * (n + 1)) * rankSums.Select((r, g) => r * r / groups[g].Count).Sum() - 3.0 * (n + 1);
        h /= correction;
        return new KruskalWallis(h, df, SpecialFunctions.GammaUpperRegularized(df / 2.0, Math.Max(h, 0) / 2));
    }
}
