using System.Numerics.Tensors;

namespace Parsimony.Spiking;

/// <summary>
/// The event-driven adjoint of one layer for one sample (EventProp, spec §B.3): λ_V and λ_I run backwards from the
/// last event, propagated exactly over each gap (λ_I ← λ_I e^{−d/τ_s} + λ_V·τ_m/(τ_m − τ_s)·(e^{−d/τ_m} − e^{−d/τ_s}),
/// λ_V ← λ_V e^{−d/τ_m}); at an arriving spike every weight from its source gains −τ_s λ_I of its target and the spike
/// is handed the error Σ_j w_j (λ_V,j − λ_I,j) (its time's gradient, for the layer below); at an own spike of neuron n
/// λ_V,n jumps by (ϑλ_V,n + ∂L/∂t)/(I⁻ − ϑ), the stored drive. Only stored spikes are visited: work and memory scale with the spikes.
/// At equal times an arrival is undone before a spike or a loss delta (the forward order reversed).
/// </summary>
public static class LayerBackward
{
    /// <summary>
    /// The adjoint of a LIF layer: adds the weight gradients to <paramref name="gradT"/> (and <paramref name="gradRecurrentT"/>)
    /// and writes each input spike's time gradient to <paramref name="inputErrors"/>. <paramref name="spikeDlDt"/> holds
    /// ∂L/∂t of each own spike from above (the next layer's errors and the loss).
    /// </summary>
    public static void Lif(LifNeuron neuron, LayerShape shape, double[] weightsT, double[]? recurrentT, SpikeList input, SpikeList spikes,
                           double[] spikeDlDt, double horizon, double[] gradT, double[]? gradRecurrentT, double[] inputErrors)
    {
        int n = shape.Neurons, i = LayerForward.Arrivals(input, horizon) - 1, k = spikes.Count - 1;
        var lv = new double[n];
        var li = new double[n];
        var diff = new double[n];
        double t = Math.Max(i >= 0 ? input.Times[i] : double.NegativeInfinity, k >= 0 ? spikes.Times[k] : double.NegativeInfinity);
        double threshold = neuron.Threshold, tauSyn = neuron.TauSyn;
        while (i >= 0 || k >= 0)
        {
            bool arrival = i >= 0 && (k < 0 || input.Times[i] >= spikes.Times[k]);
            double te = arrival ? input.Times[i] : spikes.Times[k];
            Propagate(neuron, lv, li, t - te);
            t = te;
            if (arrival)
            {
                int offset = input.Sources[i] * n;
                inputErrors[i] = Arrive(weightsT.AsSpan(offset, n), gradT.AsSpan(offset, n), lv, li, diff, tauSyn);
                i--;
            }
            else
            {
                int j = spikes.Sources[k];
                double recurrentError = shape.Recurrent
                    ? Arrive(recurrentT.AsSpan(j * n, n), gradRecurrentT.AsSpan(j * n, n), lv, li, diff, tauSyn)
                    : 0;
                lv[j] += (threshold * lv[j] + spikeDlDt[k] + recurrentError) / spikes.Drive[k];
                k--;
            }
        }
    }

    /// <summary>
    /// The adjoint of a leaky-integrator layer whose loss depends on each neuron's maximum voltage
    /// (<paramref name="dLdMax"/>): a λ_V delta −∂L/∂V_max/τ_m at each maximum; with <paramref name="kinkCorrection"/>,
    /// a maximum sitting on an arrival adds ∂L/∂V_max·V̇(t⁻) = ∂L/∂V_max·(I⁻ − V)/τ_m to that spike's time gradient
    /// (the term plain EventProp misses, spec §B.3 caveat).
    /// </summary>
    public static void LeakyIntegrator(LifNeuron neuron, LayerShape shape, double[] weightsT, SpikeList input, PeakTrace peaks, double[] dLdMax,
                                       double horizon, bool kinkCorrection, double[] gradT, double[] inputErrors)
    {
        int n = shape.Neurons, i = LayerForward.Arrivals(input, horizon) - 1;
        var order = Enumerable.Range(0, n).Where(j => dLdMax[j] != 0).OrderByDescending(j => peaks.Time[j]).ToArray();
        int d = 0;
        var lv = new double[n];
        var li = new double[n];
        var diff = new double[n];
        double t = Math.Max(i >= 0 ? input.Times[i] : double.NegativeInfinity, order.Length > 0 ? peaks.Time[order[0]] : double.NegativeInfinity);
        while (i >= 0 || d < order.Length)
        {
            bool arrival = i >= 0 && (d >= order.Length || input.Times[i] >= peaks.Time[order[d]]);
            double te = arrival ? input.Times[i] : peaks.Time[order[d]];
            Propagate(neuron, lv, li, t - te);
            t = te;
            if (arrival)
            {
                int offset = input.Sources[i] * n;
                inputErrors[i] = Arrive(weightsT.AsSpan(offset, n), gradT.AsSpan(offset, n), lv, li, diff, neuron.TauSyn);
                i--;
            }
            else
            {
                int j = order[d++];
                lv[j] -= dLdMax[j] / neuron.TauMem;
            }
        }
        if (!kinkCorrection) return;
        for (int j = 0; j < n; j++)
            if (peaks.Arrival[j] >= 0 && dLdMax[j] != 0)
                inputErrors[peaks.Arrival[j]] += dLdMax[j] * (peaks.CurrentBefore[j] - peaks.VoltageAt[j]) / neuron.TauMem;
    }

    /// <summary>A spike arriving on weights <paramref name="row"/>: their gradients gain −τ_s λ_I; returns the spike's error Σ w (λ_V − λ_I).</summary>
    static double Arrive(ReadOnlySpan<double> row, Span<double> grad, double[] lv, double[] li, double[] diff, double tauSyn)
    {
        TensorPrimitives.MultiplyAdd(li, -tauSyn, grad, grad);
        TensorPrimitives.Subtract(lv, li, diff);
        return TensorPrimitives.Dot(row, diff);
    }

    /// <summary>Propagates the adjoints backwards over a gap of <paramref name="gap"/> ms.</summary>
    static void Propagate(LifNeuron neuron, double[] lv, double[] li, double gap)
    {
        if (!(gap > 0)) return;
        double em = Math.Exp(-gap / neuron.TauMem), es = Math.Exp(-gap / neuron.TauSyn);
        double c = neuron.TauMem / (neuron.TauMem - neuron.TauSyn) * (em - es);
        TensorPrimitives.Multiply(li, es, li);
        TensorPrimitives.MultiplyAdd(lv, c, li, li);
        TensorPrimitives.Multiply(lv, em, lv);
    }
}
