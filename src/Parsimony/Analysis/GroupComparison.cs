using MathNet.Numerics.Distributions;

namespace Parsimony.Analysis;

/// <summary>Two groups compared on one measure: Welch's t-test and Cohen's d (spec neuro_models.md §A.11.6).</summary>
/// <param name="MeanA">Mean of group A.</param>
/// <param name="MeanB">Mean of group B.</param>
/// <param name="CountA">Size of group A.</param>
/// <param name="CountB">Size of group B.</param>
/// <param name="T">Welch's t of A − B.</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite degrees of freedom.</param>
/// <param name="P">Two-sided p-value.</param>
/// <param name="CohensD">(mean A − mean B) / pooled standard deviation.</param>
public sealed record GroupComparison(double MeanA, double MeanB, int CountA, int CountB, double T, double DegreesOfFreedom, double P, double CohensD)
{
    /// <summary>Compares the finite values of <paramref name="a"/> and <paramref name="b"/>; NaN statistics when a group has fewer than two.</summary>
    public static GroupComparison Of(IEnumerable<double> a, IEnumerable<double> b)
    {
        var x = a.Where(double.IsFinite).ToArray(); var y = b.Where(double.IsFinite).ToArray();
        double mx = x.Length > 0 ? x.Average() : double.NaN, my = y.Length > 0 ? y.Average() : double.NaN;
        if (x.Length < 2 || y.Length < 2) return new(mx, my, x.Length, y.Length, double.NaN, double.NaN, double.NaN, double.NaN);
        double vx = x.Sum(v => (v - mx) * (v - mx)) / (x.Length - 1), vy = y.Sum(v => (v - my) * (v - my)) / (y.Length - 1);
        double se2 = vx / x.Length + vy / y.Length;
        double t = (mx - my) / Math.Sqrt(se2);
        double df = se2 * se2 / (vx * vx / ((double)x.Length * x.Length * (x.Length - 1)) + vy * vy / ((double)y.Length * y.Length * (y.Length - 1)));
        double p = double.IsFinite(t) ? 2 * StudentT.CDF(0, 1, df, -Math.Abs(t)) : double.NaN;
        double pooled = Math.Sqrt(((x.Length - 1) * vx + (y.Length - 1) * vy) / (x.Length + y.Length - 2));
        return new(mx, my, x.Length, y.Length, t, df, p, pooled > 0 ? (mx - my) / pooled : double.NaN);
    }
}
