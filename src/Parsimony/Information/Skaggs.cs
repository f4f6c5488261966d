namespace Parsimony.Information;

/// <summary>Skaggs information of one cell, in both units.</summary>
/// <param name="BitsPerSecond">I_sec = Σ p λ log2(λ/λ̄), in bits per unit of the rate (bits/s for rates in Hz).</param>
/// <param name="BitsPerSpike">I_spike = I_sec / λ̄.</param>
/// <param name="MeanRate">λ̄ = Σ p λ.</param>
public readonly record struct SkaggsInformation(double BitsPerSecond, double BitsPerSpike, double MeanRate);

/// <summary>
/// Skaggs et al. (1993) spatial/stimulus information of a single cell: the KL divergence between the spike-weighted
/// stimulus distribution p(x)λ(x)/λ̄ and the occupancy p(x). Zero exactly for a constant rate; log2 K bits/spike for a
/// field confined to one of K equiprobable bins. A silent cell gives 0 (never NaN).
/// </summary>
public static class Skaggs
{
    /// <summary>Information of <paramref name="rates"/> over bins with occupancy probabilities <paramref name="p"/>.</summary>
    public static SkaggsInformation Compute(ReadOnlySpan<double> rates, ReadOnlySpan<double> p, InfoConvention convention = InfoConvention.Exact)
    {
        if (rates.Length != p.Length) throw new ArgumentException($"rates has {rates.Length} bins but p has {p.Length}.");
        bool reference = convention == InfoConvention.Reference;
        double mean = 0;
        for (int x = 0; x < rates.Length; x++) mean += p[x] * Rate(rates[x], reference);
        double bits = 0;
        if (mean > 0 || reference)
            for (int x = 0; x < rates.Length; x++)
            {
                double r = Rate(rates[x], reference);
                if (r <= 0) continue;
                bits += p[x] * r * (reference ? Math.Log2(r / mean + 1e-10) : Math.Log2(r / mean));
            }
        double perSpike = reference ? bits / (Math.Abs(mean) <= 1e-10 ? 1e-10 : mean) : mean > 0 ? bits / mean : 0;
        return new SkaggsInformation(bits, perSpike, mean);
    }

    static double Rate(double r, bool reference) => reference ? Math.Max(r, 0) : r;
}
