namespace Parsimony.Information;

/// <summary>Redundancy and synergy of a pair (spec ssi.md §1.5), in bits/spike.</summary>
/// <param name="Redundancy">Rdn = Σ p min(i_a, i_b), i(x) = (λ/λ̄)·log2(λ/λ̄) the specific-information density.</param>
/// <param name="RsIndex">RS = J_spike − I_spike(a) − I_spike(b); negative means redundant.</param>
/// <param name="Synergy">Syn = RS + Rdn.</param>
public readonly record struct RedundancySynergyResult(double Redundancy, double RsIndex, double Synergy);

/// <summary>Redundancy, redundancy–synergy index and synergy of two cells.</summary>
public static class RedundancySynergy
{
    /// <summary>Computes Rdn, RS and Syn for rates <paramref name="a"/>, <paramref name="b"/> over bins with probabilities <paramref name="p"/>.</summary>
    public static RedundancySynergyResult Compute(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> p,
                                                  InfoConvention convention = InfoConvention.Exact)
    {
        var ia = Skaggs.Compute(a, p, convention);
        var ib = Skaggs.Compute(b, p, convention);
        double rdn = 0;
        for (int x = 0; x < p.Length; x++) rdn += p[x] * Math.Min(Density(a[x], ia.MeanRate, convention), Density(b[x], ib.MeanRate, convention));
        double rs = PairInformation.Compute(a, b, p, convention).BitsPerSpike - ia.BitsPerSpike - ib.BitsPerSpike;
        return new RedundancySynergyResult(rdn, rs, rs + rdn);
    }

    static double Density(double rate, double mean, InfoConvention convention)
    {
        if (convention == InfoConvention.Reference)
        {
            double q = rate / (mean <= 1e-10 ? 1e-10 : mean);
            return q * Math.Log2(q + 1e-10);
        }
        return rate > 0 && mean > 0 ? rate / mean * Math.Log2(rate / mean) : 0;
    }
}
