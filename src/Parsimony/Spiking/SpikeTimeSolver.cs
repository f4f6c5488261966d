namespace Parsimony.Spiking;

/// <summary>
/// The first threshold crossing of a LIF neuron within an event-free gap, to machine precision (finite-difference
/// gradient checks depend on it; spec §B.1): V has at most one extremum per gap, so the crossing lies on the rising
/// piece before the peak d* — found by a cheap bound, then bracketed and solved by safeguarded Newton steps.
/// </summary>
public static class SpikeTimeSolver
{
    /// <summary>
    /// The gap d in (0, <paramref name="duration"/>] (∞ allowed) after which V first reaches ϑ from (V₀, I₀), or +∞
    /// when it does not; 0 when V₀ is already at or above ϑ.
    /// </summary>
    public static double FirstCrossing(LifNeuron n, double v0, double i0, double duration)
    {
        double threshold = n.Threshold;
        if (v0 >= threshold) return 0;
        double kI = n.Kappa * i0, a = v0 + kI;
        if (!(a > threshold) || !(i0 > v0)) return double.PositiveInfinity;   // V ≤ a·e^{−d/τ_m} < ϑ, or V is not rising
        double peak = n.PeakGap(v0, i0);
        double hi = Math.Min(peak, duration);
        if (double.IsPositiveInfinity(hi)) return double.PositiveInfinity;
        double vHi = a * Math.Exp(-hi / n.TauMem) - kI * Math.Exp(-hi / n.TauSyn);
        if (vHi < threshold) return double.PositiveInfinity;
        return Solve(n, v0, i0, 0, hi);
    }

    /// <summary>The root of V(d) = ϑ on [lo, hi], where V rises from below ϑ to at least ϑ: Newton steps kept inside a shrinking bracket.</summary>
    static double Solve(LifNeuron n, double v0, double i0, double lo, double hi)
    {
        double kI = n.Kappa * i0, a = v0 + kI, threshold = n.Threshold, tm = n.TauMem, ts = n.TauSyn;
        double d = hi;
        for (int iteration = 0; iteration < 100; iteration++)
        {
            double em = Math.Exp(-d / tm), es = Math.Exp(-d / ts);
            double f = a * em - kI * es - threshold;
            if (f == 0) return d;
            if (f < 0) lo = d; else hi = d;
            double slope = -a * em / tm + kI * es / ts;
            double next = slope > 0 ? d - f / slope : double.NaN;
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);                  // Newton left the bracket: bisect
            if (Math.Abs(next - d) <= 1e-16 * Math.Max(d, 1e-300) || hi - lo <= 1e-16 * hi) return next;
            d = next;
        }
        return d;
    }
}
