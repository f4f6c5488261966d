namespace Parsimony.Spiking;

/// <summary>
/// Current-based leaky integrate-and-fire neurons with exponential synapses (Wunderlich &amp; Pehle 2021; spec
/// egru_eventprop.md §B.1), in ms and dimensionless voltage: τ_m dV/dt = −V + I, τ_s dI/dt = −I; a presynaptic spike
/// adds its weight to I; V reaching ϑ from below is a spike and resets V to 0 (I unchanged); no refractory period.
/// Between events the state has a closed form: with κ = τ_s/(τ_m − τ_s), I(d) = I₀e^{−d/τ_s} and
/// V(d) = (V₀ + κI₀)e^{−d/τ_m} − κI₀e^{−d/τ_s}.
/// </summary>
/// <param name="TauMem">Membrane time constant τ_m (ms).</param>
/// <param name="TauSyn">Synaptic time constant τ_s (ms).</param>
/// <param name="Threshold">Firing threshold ϑ.</param>
public sealed record LifNeuron(double TauMem = 20, double TauSyn = 5, double Threshold = 1)
{
    /// <summary>κ = τ_s/(τ_m − τ_s).</summary>
    public double Kappa => TauSyn / (TauMem - TauSyn);

    /// <summary>1/τ_s − 1/τ_m, the rate at which the two exponentials separate.</summary>
    public double Separation => 1 / TauSyn - 1 / TauMem;

    /// <summary>Throws an <see cref="OptionException"/> for constants the closed form cannot use.</summary>
    public void Validate()
    {
        Rules.Positive(TauMem, nameof(TauMem));
        Rules.Positive(TauSyn, nameof(TauSyn));
        Rules.Positive(Threshold, nameof(Threshold));
        Rules.Require(TauMem != TauSyn, nameof(TauSyn), $"must differ from the membrane time constant ({TauMem} ms): the closed form needs τ_s ≠ τ_m.");
    }

    /// <summary>V after <paramref name="d"/> ms without events, from (V₀, I₀).</summary>
    public double Voltage(double v0, double i0, double d)
    {
        double k = Kappa * i0;
        return (v0 + k) * Math.Exp(-d / TauMem) - k * Math.Exp(-d / TauSyn);
    }

    /// <summary>V after an event-free gap whose decay factors are <paramref name="em"/> = e^{−d/τ_m} and <paramref name="es"/> = e^{−d/τ_s}.</summary>
    public double Voltage(double v0, double i0, double em, double es) => v0 * em + Kappa * i0 * (em - es);

    /// <summary>
    /// The gap d* &gt; 0 at which V has its one extremum (a maximum when I₀ &gt; V₀ and V₀ + κI₀ &gt; 0), or +∞ when
    /// V rises no more (it is already falling, or it never turns).
    /// </summary>
    public double PeakGap(double v0, double i0)
    {
        double a = v0 + Kappa * i0;
        if (!(i0 > v0) || !(a > 0)) return double.PositiveInfinity;
        double arg = Kappa * i0 * TauMem / (a * TauSyn);
        return arg > 1 ? Math.Log(arg) / Separation : double.PositiveInfinity;
    }
}
