using static TorchSharp.torch;

namespace Parsimony.Regularization;

/// <summary>
/// Summary statistics of a penalty matrix over all N² entries (the columns of spec moduli.md §1.3's table).
/// </summary>
/// <param name="N">Neurons.</param>
/// <param name="Max">Largest entry.</param>
/// <param name="Mean">Mean entry.</param>
/// <param name="Median">Median entry.</param>
/// <param name="P10">10th percentile.</param>
/// <param name="ShareBelowQuarterMax">Share of entries below ¼·max (the pairs the penalty lets through).</param>
/// <param name="DiagonalMean">Mean of the diagonal (the penalty on self-connections).</param>
public sealed record PenaltyStats(long N, double Max, double Mean, double Median, double P10, double ShareBelowQuarterMax, double DiagonalMean)
{
    /// <summary>Computes the statistics of <paramref name="r"/> in float64.</summary>
    public static PenaltyStats Of(Tensor r)
    {
        using var scope = NewDisposeScope();
        var flat = r.detach().to(float64).cpu().flatten();
        var sorted = flat.sort().Values.data<double>().ToArray();
        double max = sorted[^1];
        return new PenaltyStats(r.shape[0], max, flat.mean().item<double>(), Quantile(sorted, 0.5), Quantile(sorted, 0.1),
            (double)sorted.Count(v => v < 0.25 * max) / sorted.Length, r.detach().diagonal().to(float64).mean().item<double>());
    }

    /// <summary>Linear-interpolated quantile of sorted values (NumPy's default).</summary>
    static double Quantile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
