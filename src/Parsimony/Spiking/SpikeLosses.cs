namespace Parsimony.Spiking;

/// <summary>One sample's loss, its gradient with respect to the outputs, and whether it was classified correctly.</summary>
/// <param name="Loss">The loss (0 when the sample contributes none: a silent label neuron under the TTFS loss).</param>
/// <param name="Gradient">∂L/∂(output) per output neuron: first-spike times (TTFS) or maximum voltages (V_max).</param>
/// <param name="Correct">Whether the prediction is the label.</param>
/// <param name="Counted">Whether the sample contributes a loss and a gradient.</param>
public readonly record struct SampleLoss(double Loss, double[] Gradient, bool Correct, bool Counted);

/// <summary>Constants of the time-to-first-spike loss (spec §B.2; the paper's values).</summary>
/// <param name="Tau0">Softmax temperature τ₀ (ms).</param>
/// <param name="Tau1">Time constant τ₁ of the late-spike penalty (ms).</param>
/// <param name="Alpha">Weight α of the late-spike penalty α(e^{t_l/τ₁} − 1).</param>
public sealed record TtfsLoss(double Tau0 = 0.5, double Tau1 = 6.4, double Alpha = 3e-3);

/// <summary>
/// The read-out losses of EventProp (spec §B.2), with the official code's conventions: for the time-to-first-spike
/// cross-entropy, neurons that never fire are left out of the softmax, a sample whose label neuron never fires
/// contributes no loss and no gradient, and it is correct when the label fired and no other neuron fired strictly
/// earlier; for the maximum-voltage cross-entropy (leaky-integrator outputs), correct when the label's maximum is
/// strictly the largest.
/// </summary>
public static class SpikeLosses
{
    /// <summary>
    /// L = −log softmax(−t/τ₀)_l + α(e^{t_l/τ₁} − 1) of the first spike times <paramref name="first"/> (+∞: silent);
    /// ∂L/∂t_l = (1 − p_l)/τ₀ + (α/τ₁)e^{t_l/τ₁}, ∂L/∂t_k = −p_k/τ₀.
    /// </summary>
    public static SampleLoss Ttfs(double[] first, int label, TtfsLoss c)
    {
        var gradient = new double[first.Length];
        double tl = first[label];
        if (!double.IsFinite(tl)) return new SampleLoss(0, gradient, false, false);
        double earliest = first.Where(double.IsFinite).Min(), sum = 0;
        for (int k = 0; k < first.Length; k++)
            if (double.IsFinite(first[k])) sum += Math.Exp(-(first[k] - earliest) / c.Tau0);
        double penalty = Math.Exp(tl / c.Tau1);
        for (int k = 0; k < first.Length; k++)
        {
            if (!double.IsFinite(first[k])) continue;
            double p = Math.Exp(-(first[k] - earliest) / c.Tau0) / sum;
            gradient[k] = k == label ? (1 - p) / c.Tau0 + c.Alpha / c.Tau1 * penalty : -p / c.Tau0;
        }
        double loss = (tl - earliest) / c.Tau0 + Math.Log(sum) + c.Alpha * (penalty - 1);
        bool correct = !first.Where((t, k) => k != label && t < tl).Any();
        return new SampleLoss(loss, gradient, correct, true);
    }

    /// <summary>L = −log softmax(V_max)_l; ∂L/∂V_max,k = p_k − [k = l].</summary>
    public static SampleLoss VMax(double[] max, int label)
    {
        double top = max.Max(), sum = max.Sum(v => Math.Exp(v - top));
        var gradient = max.Select((v, k) => Math.Exp(v - top) / sum - (k == label ? 1 : 0)).ToArray();
        bool correct = !max.Where((v, k) => k != label && v >= max[label]).Any();
        return new SampleLoss(top + Math.Log(sum) - max[label], gradient, correct, true);
    }
}
