using MathNet.Numerics.Distributions;

namespace Parsimony.Analysis;

/// <summary>Welch's unequal-variance two-sample t-test.</summary>
/// <param name="T">t = (mean a − mean b) / √(var a / n_a + var b / n_b), sample variances.</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite degrees of freedom.</param>
/// <param name="P">Two-sided p-value.</param>
public sealed record WelchTest(double T, double DegreesOfFreedom, double P)
{
    /// <summary>The test of <paramref name="a"/> against <paramref name="b"/> (each at least two values); NaN when both are constant.</summary>
    public static WelchTest Of(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        Rules.Require(a.Count >= 2 && b.Count >= 2, nameof(a), $"needs at least two values in each sample (got {a.Count} and {b.Count}).");
        double ma = a.Average(), mb = b.Average();
        double va = a.Sum(x => (x - ma) * (x - ma)) / (a.Count - 1), vb = b.Sum(x => (x - mb) * (x - mb)) / (b.Count - 1);
        double sa = va / a.Count, sb = vb / b.Count;
        if (sa + sb == 0) return new WelchTest(double.NaN, double.NaN, double.NaN);
        double t = (ma - mb) / Math.Sqrt(sa + sb);
        double df = (sa + sb) * (sa + sb) / (sa * sa / (a.Count - 1) + sb * sb / (b.Count - 1));
        return new WelchTest(t, df, 2 * StudentT.CDF(0, 1, df, -Math.Abs(t)));
    }
}
