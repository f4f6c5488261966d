using System.Numerics.Tensors;

namespace Parsimony.Information;

/// <summary>Joint stimulus information of a pair of cells.</summary>
/// <param name="BitsPerSecond">J_sec: Skaggs rates of the shared part r·g and of both private parts λ − r·g, added.</param>
/// <param name="BitsPerSpike">J_spike = J_sec / α with α = (λ̄_a + λ̄_b)/2 (not divided when α = 0).</param>
/// <param name="Correlation">Unweighted Pearson r of the two rate vectors over the bins.</param>
public readonly record struct PairInformationResult(double BitsPerSecond, double BitsPerSpike, double Correlation);

/// <summary>
/// Joint stimulus information of two cells (Deighton et al., spec ssi.md §1.2): each rate is split into a shared
/// part s = r·g, g = √(λ_aλ_b), and private parts u = λ − r·g; the pieces are treated as independent Poisson
/// processes, so their Skaggs rates add. J(a, a) equals the Skaggs information of a; disjoint fields give
/// I_a + I_b bits/s. A heuristic decomposition, not a Shannon mutual information: entries can be negative when r &lt; 0
/// and the fields overlap.
/// </summary>
public static class PairInformation
{
    /// <summary>J for rate vectors <paramref name="a"/> and <paramref name="b"/> over bins with probabilities <paramref name="p"/>.</summary>
    public static PairInformationResult Compute(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> p,
                                                InfoConvention convention = InfoConvention.Exact)
    {
        var ca = new CellStats(a, p);
        var cb = new CellStats(b, p);
        var work = new double[5 * a.Length];
        return Pair(ca, cb, CellStats.Correlation(ca, cb, same: false), p, convention, work);
    }

    /// <summary>The pair computation on precomputed cell statistics; <paramref name="work"/> holds at least 5·K doubles.</summary>
    internal static PairInformationResult Pair(CellStats a, CellStats b, double r, ReadOnlySpan<double> p, InfoConvention convention, Span<double> work)
    {
        double sec = convention == InfoConvention.Reference ? ReferenceSec(a, b, r, p) : ExactSec(a, b, r, p, work);
        double alpha = (a.Mean + b.Mean) / 2;
        return new PairInformationResult(sec, alpha == 0 ? sec : sec / alpha, r);
    }

    /// <summary>ε → 0 limit, vectorised: the shared term needs no logarithm per bin (log g = ½(log λ_a + log λ_b)).</summary>
    static double ExactSec(CellStats a, CellStats b, double r, ReadOnlySpan<double> p, Span<double> work)
    {
        int k = p.Length;
        var g = work[..k];
        var h = work.Slice(k, k);
        var u = work.Slice(2 * k, k);
        var v = work.Slice(3 * k, k);
        var l = work.Slice(4 * k, k);
        TensorPrimitives.Multiply(a.Rates, b.Rates, g);
        TensorPrimitives.Sqrt(g, g);
        TensorPrimitives.Multiply(g, p, h);
        double gMean = TensorPrimitives.Sum(h);
        double shared = 0;
        if (gMean > 0 && r != 0)
            shared = r * (0.5 * (TensorPrimitives.Dot(h, a.SafeLog2) + TensorPrimitives.Dot(h, b.SafeLog2)) - gMean * Math.Log2(gMean));
        return shared + Private(a, r, g, gMean, p, u, v, l) + Private(b, r, g, gMean, p, u, v, l);
    }

    /// <summary>Σ p u log2(u/ū) over bins where u/ū &gt; 0, for u = λ − r·g.</summary>
    static double Private(CellStats c, double r, ReadOnlySpan<double> g, double gMean, ReadOnlySpan<double> p, Span<double> u, Span<double> v, Span<double> l)
    {
        double uMean = c.Mean - r * gMean;
        if (uMean == 0) return 0;
        double sign = Math.Sign(uMean);
        if (r == 0) return c.Mean > 0 ? c.Skaggs.BitsPerSecond : 0;
        if (sign > 0) TensorPrimitives.MultiplyAdd(g, -r, c.Rates, u);     // u = λ − r·g
        else
        {
            TensorPrimitives.Multiply(g, r, u);                              // −u = r·g − λ when ū < 0
            TensorPrimitives.Subtract(u, c.Rates, u);
        }
        TensorPrimitives.Max(u, 0.0, v);                        // |u| where u and ū share a sign, else 0
        TensorPrimitives.Max(u, 1e-300, l);
        TensorPrimitives.Log2(l, l);
        TensorPrimitives.Multiply(v, p, u);
        return sign * (TensorPrimitives.Dot(u, l) - TensorPrimitives.Sum(u) * Math.Log2(Math.Abs(uMean)));
    }

    /// <summary>The authors' code, term by term (eps = 1e-10 in sqrt, logs and denominators).</summary>
    static double ReferenceSec(CellStats a, CellStats b, double r, ReadOnlySpan<double> p)
    {
        const double eps = 1e-10;
        int k = p.Length;
        double gMean = 0;
        for (int x = 0; x < k; x++) gMean += p[x] * Math.Sqrt(a.Rates[x] * b.Rates[x] + eps);
        double uaMean = a.Mean - r * gMean + eps, ubMean = b.Mean - r * gMean + eps, sum = 0;
        for (int x = 0; x < k; x++)
        {
            double g = Math.Sqrt(a.Rates[x] * b.Rates[x] + eps);
            sum += p[x] * (r * g * LogTerm(g / gMean) + (a.Rates[x] - r * g) * LogTerm((a.Rates[x] - r * g) / uaMean)
                                                      + (b.Rates[x] - r * g) * LogTerm((b.Rates[x] - r * g) / ubMean));
        }
        return sum;

        static double LogTerm(double ratio) => ratio > 0 ? Math.Log2(ratio + eps) : 0;
    }
}
