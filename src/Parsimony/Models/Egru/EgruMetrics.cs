using static TorchSharp.torch;

namespace Parsimony.Models.Egru;

/// <summary>
/// Activity and backward sparsity of EGRU outputs (spec §A.5), float64 results. Activity = fraction of events (y ≠ 0,
/// i.e. o = 1); activity sparsity = 1 − activity. Backward sparsity comes in two definitions:
/// <see cref="ScriptBackwardSparsity(Tensor, Tensor, double)"/> is EvNN's LM script's (the fraction with |h − ϑ| &gt; 1/s,
/// h the post-reset state, active units not excluded), <see cref="BackwardSparsity(Tensor, Tensor, Tensor, double)"/>
/// the correct one: the fraction of (step, sample, unit) through which no gradient passes, neither o = 1 nor
/// |c − ϑ| &lt; 1/s with c = h + o·ϑ the pre-reset state.
/// </summary>
public static class EgruMetrics
{
    /// <summary>Fraction of non-zero entries of <paramref name="events"/> (o or y of one layer; sMNIST/DVS: mean(o)).</summary>
    public static double Activity(Tensor events)
    {
        using var scope = NewDisposeScope();
        return events.ne(0).to_type(float64).mean().item<double>();
    }

    /// <summary>Activity over all layers' outputs concatenated, i.e. weighted by layer width (EvNN's LM).</summary>
    public static double Activity(IEnumerable<EgruLayerOutput> layers)
    {
        using var scope = NewDisposeScope();
        long active = 0, total = 0;
        foreach (var l in layers) { active += l.Y.count_nonzero().item<long>(); total += l.Y.numel(); }
        return (double)active / total;
    }

    /// <summary>Activity sparsity 1 − <see cref="Activity(Tensor)"/>.</summary>
    public static double ActivitySparsity(Tensor events) => 1 - Activity(events);

    /// <summary>Activity sparsity over all layers concatenated, 1 − <see cref="Activity(IEnumerable{EgruLayerOutput})"/>.</summary>
    public static double ActivitySparsity(IEnumerable<EgruLayerOutput> layers) => 1 - Activity(layers);

    /// <summary>Activity per layer.</summary>
    public static double[] LayerActivity(IEnumerable<EgruLayerOutput> layers) => layers.Select(l => Activity(l.O)).ToArray();

    /// <summary>Activity per unit [N] over steps and samples of <paramref name="events"/> [T, B, N].</summary>
    public static double[] UnitActivity(Tensor events)
    {
        using var scope = NewDisposeScope();
        return events.ne(0).to_type(float64).mean([0, 1]).data<double>().ToArray();
    }

    /// <summary>EvNN's LM script: mean(|h − ϑ| &gt; 1/s) over [T, B, N] (post-reset h; see the class remarks).</summary>
    public static double ScriptBackwardSparsity(Tensor h, Tensor threshold, double support)
    {
        using var scope = NewDisposeScope();
        return (h.to_type(float64) - threshold.to_type(float64)).abs().gt(1 / support).to_type(float64).mean().item<double>();
    }

    /// <summary>The correct backward sparsity: 1 − mean(o = 1 or |c − ϑ| &lt; 1/s), c = h + o·ϑ.</summary>
    public static double BackwardSparsity(Tensor h, Tensor events, Tensor threshold, double support) => 1 - BackwardActivity(h, events, threshold, support);

    /// <summary>The fraction of (step, sample, unit) a gradient passes through: o = 1 or |c − ϑ| &lt; 1/s.</summary>
    public static double BackwardActivity(Tensor h, Tensor events, Tensor threshold, double support)
    {
        using var scope = NewDisposeScope();
        var thr = threshold.to_type(float64);
        var o = events.to_type(float64);
        var distance = h.to_type(float64) + o * thr - thr;
        return o.ne(0).logical_or(distance.abs().lt(1 / support)).to_type(float64).mean().item<double>();
    }

    /// <summary>Width-weighted mean over layers of <see cref="ScriptBackwardSparsity(Tensor, Tensor, double)"/> (as the script combines them).</summary>
    public static double ScriptBackwardSparsity(IReadOnlyList<EgruLayerOutput> outputs, IReadOnlyList<EgruLayer> layers) =>
        Weighted(outputs, layers, (o, l) => ScriptBackwardSparsity(o.H, l.Threshold.detach(), l.Spec.Support));

    /// <summary>Width-weighted mean over layers of the correct backward sparsity.</summary>
    public static double BackwardSparsity(IReadOnlyList<EgruLayerOutput> outputs, IReadOnlyList<EgruLayer> layers) =>
        Weighted(outputs, layers, (o, l) => BackwardSparsity(o.H, o.O, l.Threshold.detach(), l.Spec.Support));

    static double Weighted(IReadOnlyList<EgruLayerOutput> outputs, IReadOnlyList<EgruLayer> layers, Func<EgruLayerOutput, EgruLayer, double> measure)
    {
        if (outputs.Count != layers.Count) throw new ArgumentException("One output per layer is needed.");
        double sum = 0, width = 0;
        for (int k = 0; k < outputs.Count; k++) { sum += layers[k].HiddenSize * measure(outputs[k], layers[k]); width += layers[k].HiddenSize; }
        return sum / width;
    }

    /// <summary>
    /// The forward MACs an event-driven layer needs for <paramref name="input"/> [T, B, I] and its output (from any
    /// backend): 3N·(nnz(x_t) + nnz(y_{t−1})) summed, against a dense GRU's 3N·(I + N) per sample and step.
    /// </summary>
    public static (long Sparse, long Dense) ForwardMacs(Tensor input, EgruLayerOutput output, Tensor? y0 = null)
    {
        using var scope = NewDisposeScope();
        long steps = output.Y.shape[0], batch = output.Y.shape[1], n = output.Y.shape[2], inputs = input.shape[2];
        long previous = (y0?.count_nonzero().item<long>() ?? 0) + (steps > 1 ? output.Y[..(int)(steps - 1)].count_nonzero().item<long>() : 0);
        long sparse = 3 * n * (input.count_nonzero().item<long>() + previous);
        return (sparse, 3 * n * (inputs + n) * steps * batch);
    }
}
