namespace Parsimony.Models.Olfaction;

/// <summary>
/// The receptor output r = F(A) of spec neuro_models.md §C.1: a Hill function F(A) = Aⁿ/(Aⁿ + A½ⁿ) of the active
/// fraction A, optionally with additive Gaussian noise (s.d. <paramref name="Noise"/>, the result clipped to [0, 1)),
/// and silenced (r = 0) at or below the threshold θ. The talk gives neither F nor its parameters; this is the spec's
/// suggestion. With θ = 0 and no noise a receptor is silent exactly when no odorant present binds it (θ = 0⁺).
/// </summary>
/// <param name="HillExponent">n &gt; 0.</param>
/// <param name="HalfActivation">A½ &gt; 0, the active fraction of half-maximal output.</param>
/// <param name="Threshold">θ ∈ [0, 1): outputs at or below it are silent.</param>
/// <param name="Noise">S.d. of the additive output noise (0: none).</param>
public sealed record ReceptorResponse(double HillExponent = 1, double HalfActivation = 0.3, double Threshold = 0, double Noise = 0)
{
    /// <summary>The largest output the noise may produce (F⁻¹ needs r &lt; 1).</summary>
    public const double MaxOutput = 1 - 1e-9;

    /// <summary>Throws an <see cref="OptionException"/> naming the first parameter out of range.</summary>
    public void Validate()
    {
        Rules.Positive(HillExponent, nameof(HillExponent));
        Rules.Positive(HalfActivation, nameof(HalfActivation));
        Rules.Share(Threshold, nameof(Threshold));
        Rules.NonNegative(Noise, nameof(Noise));
    }

    /// <summary>F(A), before threshold and noise.</summary>
    public double Hill(double active) => active <= 0 ? 0 : 1 / (1 + Math.Pow(HalfActivation / active, HillExponent));

    /// <summary>F⁻¹(r) = A½ (r/(1 − r))^(1/n), for r in [0, 1).</summary>
    public double InverseHill(double output) => output <= 0 ? 0 : HalfActivation * Math.Pow(output / (1 - output), 1 / HillExponent);

    /// <summary>Whether an output counts as silent (r ≤ θ).</summary>
    public bool Silent(double output) => output <= Threshold;

    /// <summary>
    /// Competitive binding (Singh et al., PNAS 2019): one odorant molecule occupies a receptor at a time, so the active
    /// fraction is A_a = Σᵢ η_ai cᵢ/κ_ai / (1 + Σᵢ cᵢ/κ_ai), over the odorants present that a binds.
    /// </summary>
    public static double[] ActiveFractions(SensingMatrix sensing, Odour odour)
    {
        var active = new double[sensing.Receptors];
        for (int a = 0; a < sensing.Receptors; a++)
        {
            double occupied = 0, driven = 0;
            var w = sensing.Affinities(a);
            var eta = sensing.Efficacies(a);
            for (int k = 0; k < odour.Size; k++)
            {
                int entry = sensing.Find(a, odour.Odorants[k]);
                if (entry < 0) continue;
                double x = odour.Concentrations[k] * w[entry];
                occupied += x;
                driven += eta[entry] * x;
            }
            active[a] = driven / (1 + occupied);
        }
        return active;
    }

    /// <summary>The outputs r of every receptor to <paramref name="odour"/>; <paramref name="rng"/> draws the noise (unused without noise).</summary>
    public double[] Respond(SensingMatrix sensing, Odour odour, Random rng)
    {
        var r = ActiveFractions(sensing, odour);
        for (int a = 0; a < r.Length; a++)
        {
            double value = Hill(r[a]);
            if (Noise > 0) value = Math.Clamp(value + Noise * SensingMatrix.Gaussian(rng), 0, MaxOutput);
            r[a] = Silent(value) ? 0 : value;
        }
        return r;
    }
}
