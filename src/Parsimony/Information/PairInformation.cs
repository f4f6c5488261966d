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
                                                InfoConvention convention = InfoConvention.Exact) =>
        Pair(new CellStats([a.ToArray(), b.ToArray()], p), 0, 1, convention);

    /// <summary>The pair computation for cells <paramref name="a"/> ≠ <paramref name="b"/> of <paramref name="cells"/>.</summary>
    internal static PairInformationResult Pair(CellStats cells, int a, int b, InfoConvention convention) =>
        Pair(cells, a, b, PairCorrelation.Of(cells, a, b), convention);

    /// <summary>The pair computation with its correlation <paramref name="r"/> already known.</summary>
    internal static PairInformationResult Pair(CellStats cells, int a, int b, double r, InfoConvention convention)
    {
        double sec = convention == InfoConvention.Reference ? ReferenceSec(cells, a, b, r) : ExactSec(cells, a, b, r);
        double alpha = (cells.Mean[a] + cells.Mean[b]) / 2;
        return new PairInformationResult(sec, alpha == 0 ? sec : sec / alpha, r);
    }

    /// <summary>
    /// ε → 0 limit from one fused pass (<see cref="PairKernel"/>): the shared term needs no logarithm per bin
    /// (log g = ½(log λ_a + log λ_b)); each private term is Σ p u log2(u/ū) over the bins where u has the sign of ū.
    /// That sign is known before the pass: ū = λ̄ − r·ḡ &gt; 0 when r ≤ 0 or r²·λ̄_other &lt; λ̄, as ḡ ≤ √(λ̄_a·λ̄_b)
    /// (Cauchy–Schwarz); for the other pairs ḡ is taken first. Should rounding at that margin say otherwise after the
    /// pass, the pass is repeated with the signs it found.
    /// </summary>
    static double ExactSec(CellStats cells, int a, int b, double r)
    {
        double meanA = cells.Mean[a], meanB = cells.Mean[b];
        bool flipA = false, flipB = false;
        if (r > 0 && (r * r * meanB >= meanA || r * r * meanA >= meanB))
        {
            double g0 = PairKernel.GeometricMean(cells, a, b);
            (flipA, flipB) = (meanA - r * g0 < 0, meanB - r * g0 < 0);
        }
        var s = PairKernel.Accumulate(cells, a, b, r, flipA, flipB);
        if (meanA - r * s.GeometricMean < 0 != flipA || meanB - r * s.GeometricMean < 0 != flipB)
            s = PairKernel.Accumulate(cells, a, b, r, meanA - r * s.GeometricMean < 0, meanB - r * s.GeometricMean < 0);
        double g = s.GeometricMean;
        double shared = g > 0 && r != 0 ? r * (0.5 * s.SharedLog - g * Math.Log2(g)) : 0;
        return shared + Private(meanA - r * g, s.PartA, s.PartLogA) + Private(meanB - r * g, s.PartB, s.PartLogB);
    }

    /// <summary>
    /// Σ p u log2(u/ū) over the bins where u/ū &gt; 0, from the part of p·u with the sign s of ū: s·(Σ p|u| log2|u| − Σ p|u|·log2|ū|).
    /// </summary>
    static double Private(double uMean, double part, double partLog) =>
        uMean == 0 ? 0 : Math.Sign(uMean) * (partLog - part * Math.Log2(Math.Abs(uMean)));

    /// <summary>The authors' code, term by term (eps = 1e-10 in sqrt, logs and denominators).</summary>
    static double ReferenceSec(CellStats cells, int a, int b, double r)
    {
        const double eps = 1e-10;
        ReadOnlySpan<double> p = cells.P, ra = cells.Rates(a), rb = cells.Rates(b);
        int k = cells.Bins;
        double gMean = 0;
        for (int x = 0; x < k; x++) gMean += p[x] * Math.Sqrt(ra[x] * rb[x] + eps);
        double uaMean = cells.Mean[a] - r * gMean + eps, ubMean = cells.Mean[b] - r * gMean + eps, sum = 0;
        for (int x = 0; x < k; x++)
        {
            double g = Math.Sqrt(ra[x] * rb[x] + eps);
            sum += p[x] * (r * g * LogTerm(g / gMean) + (ra[x] - r * g) * LogTerm((ra[x] - r * g) / uaMean)
                                                      + (rb[x] - r * g) * LogTerm((rb[x] - r * g) / ubMean));
        }
        return sum;

        static double LogTerm(double ratio) => ratio > 0 ? Math.Log2(ratio + eps) : 0;
    }
}
