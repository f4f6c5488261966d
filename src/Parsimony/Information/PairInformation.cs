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
        return Pair(ca, cb, CellStats.Correlation(ca, cb, same: false), p, convention);
    }

    /// <summary>The pair computation on precomputed cell statistics.</summary>
    internal static PairInformationResult Pair(CellStats a, CellStats b, double r, ReadOnlySpan<double> p, InfoConvention convention)
    {
        double sec = convention == InfoConvention.Reference ? ReferenceSec(a, b, r, p) : ExactSec(a, b, r, p);
        double alpha = (a.Mean + b.Mean) / 2;
        return new PairInformationResult(sec, alpha == 0 ? sec : sec / alpha, r);
    }

    /// <summary>
    /// ε → 0 limit from one fused pass (<see cref="PairKernel"/>): the shared term needs no logarithm per bin
    /// (log g = ½(log λ_a + log λ_b)); each private term is Σ p u log2(u/ū) over the bins where u has the sign of ū.
    /// </summary>
    static double ExactSec(CellStats a, CellStats b, double r, ReadOnlySpan<double> p)
    {
        var s = PairKernel.Accumulate(a, b, r, p);
        double shared = s.G > 0 && r != 0 ? r * (0.5 * s.SharedLog - s.G * Math.Log2(s.G)) : 0;
        return shared + Private(a.Mean - r * s.G, s.PosA, s.PosLogA, s.NegA, s.NegLogA)
                      + Private(b.Mean - r * s.G, s.PosB, s.PosLogB, s.NegB, s.NegLogB);
    }

    /// <summary>
    /// Σ p u log2(u/ū) over bins where u/ū &gt; 0, from the positive (ū &gt; 0) or negative (ū &lt; 0) parts of p·u;
    /// for ū &lt; 0 the sum over the negative part is Σ p·u·log2|u| − (Σ p·u)·log2|ū|, already carrying its sign.
    /// </summary>
    static double Private(double uMean, double pos, double posLog, double neg, double negLog) =>
        uMean > 0 ? posLog - pos * Math.Log2(uMean)
        : uMean < 0 ? negLog - neg * Math.Log2(-uMean)
        : 0;

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
