using System.Numerics.Tensors;

namespace Parsimony.Models.RichLazy;

/// <summary>
/// The context-dependent decision network of Flesch et al. (2022; spec neuro_models.md §D.2) in float64:
/// h = ReLU(W_hs x + W_hc c + b_h), ŷ = W_yh h + b_y, with the summed loss ½ Σ (ŷ − y)² over a full batch (plus
/// ½ λ Σ ‖W‖² over the three weight matrices, the L2 variant). The items are every (context, stimulus) pair, item
/// = context · S + stimulus, with a one-hot context of value <see cref="ContextValue"/>; the network exploits that
/// structure (the stimulus drive W_hs x is computed once per stimulus and shared by both contexts), which makes a
/// step half the work of the plain 50-item batch while giving the same numbers. All parameters live in one flat array
/// <see cref="Parameters"/>: W_hsᵀ (inputs × hidden), W_hcᵀ (contexts × hidden), b_h, W_yh, b_y.
/// </summary>
public sealed class ContextMlp
{
    readonly double[] pre, drive, ctxSum, act;

    /// <summary>Stimulus inputs.</summary>
    public int Inputs { get; }
    /// <summary>Context inputs (one-hot).</summary>
    public int Contexts { get; }
    /// <summary>Hidden ReLU units.</summary>
    public int Hidden { get; }
    /// <summary>Distinct stimuli (rows of the stimulus matrix).</summary>
    public int Stimuli { get; }
    /// <summary>Items of the batch (contexts × stimuli).</summary>
    public int Items => Contexts * Stimuli;
    /// <summary>Value of the active context input.</summary>
    public double ContextValue { get; }

    /// <summary>All parameters, flat: W_hsᵀ, W_hcᵀ, b_h, W_yh, b_y.</summary>
    public double[] Parameters { get; }

    readonly double[] stimuli, stimuliT;

    /// <summary>A network with zero parameters over <paramref name="stimuli"/> (row-major S × inputs).</summary>
    public ContextMlp(int inputs, int contexts, int hidden, double[] stimuli, double contextValue)
    {
        Rules.Positive(inputs, nameof(inputs));
        Rules.Positive(contexts, nameof(contexts));
        Rules.Positive(hidden, nameof(hidden));
        Rules.Require(stimuli.Length > 0 && stimuli.Length % inputs == 0, nameof(stimuli), $"must hold whole rows of {inputs} inputs (got {stimuli.Length} values).");
        (Inputs, Contexts, Hidden, ContextValue) = (inputs, contexts, hidden, contextValue);
        this.stimuli = stimuli;
        Stimuli = stimuli.Length / inputs;
        stimuliT = new double[stimuli.Length];
        for (int s = 0; s < Stimuli; s++) for (int i = 0; i < inputs; i++) stimuliT[i * Stimuli + s] = stimuli[s * inputs + i];
        Parameters = new double[(inputs + contexts + 2) * hidden + 1];
        pre = new double[Stimuli * hidden];
        drive = new double[Stimuli * hidden];
        ctxSum = new double[contexts * hidden];
        act = new double[hidden];
    }

    /// <summary>W_hsᵀ: row i holds the weights from stimulus input i to every hidden unit.</summary>
    public Span<double> StimulusWeights(Span<double> p) => p[..(Inputs * Hidden)];
    /// <summary>W_hcᵀ: row c holds the weights from context c to every hidden unit.</summary>
    public Span<double> ContextWeights(Span<double> p) => p.Slice(Inputs * Hidden, Contexts * Hidden);
    /// <summary>b_h.</summary>
    public Span<double> HiddenBias(Span<double> p) => p.Slice((Inputs + Contexts) * Hidden, Hidden);
    /// <summary>W_yh.</summary>
    public Span<double> OutputWeights(Span<double> p) => p.Slice((Inputs + Contexts + 1) * Hidden, Hidden);
    /// <summary>Index of b_y in the flat parameters.</summary>
    public int OutputBiasIndex => (Inputs + Contexts + 2) * Hidden;

    /// <summary>The weight matrices the L2 penalty acts on, as (offset, length) ranges of the flat parameters.</summary>
    public (int Offset, int Length)[] WeightRanges =>
        [(0, (Inputs + Contexts) * Hidden), ((Inputs + Contexts + 1) * Hidden, Hidden)];

    /// <summary>
    /// Draws W_hs ~ N(0, <paramref name="stimulusStd"/>²), W_hc ~ N(0, <paramref name="contextStd"/>²), W_yh ~
    /// N(0, <paramref name="outputStd"/>²) (in that order, each in PyTorch's unit-major order) and sets both biases to
    /// <paramref name="bias"/>.
    /// </summary>
    public void Initialise(double stimulusStd, double contextStd, double outputStd, double bias, int seed)
    {
        var rng = new Random(seed);
        var p = Parameters.AsSpan();
        var ws = StimulusWeights(p);
        var wc = ContextWeights(p);
        for (int u = 0; u < Hidden; u++) for (int i = 0; i < Inputs; i++) ws[i * Hidden + u] = stimulusStd * Gaussian(rng);
        for (int u = 0; u < Hidden; u++) for (int c = 0; c < Contexts; c++) wc[c * Hidden + u] = contextStd * Gaussian(rng);
        var wy = OutputWeights(p);
        for (int u = 0; u < Hidden; u++) wy[u] = outputStd * Gaussian(rng);
        HiddenBias(p).Fill(bias);
        p[OutputBiasIndex] = bias;
    }

    static double Gaussian(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>
    /// The loss at the current parameters and its gradient into <paramref name="gradient"/> (overwritten), with the
    /// number of items whose output sign matches a non-zero target.
    /// </summary>
    /// <param name="targets">One target per item (item = context · S + stimulus).</param>
    /// <param name="l2">λ of the penalty ½ λ Σ ‖W‖².</param>
    /// <param name="gradient">Same length as <see cref="Parameters"/>.</param>
    public (double Loss, int Correct) LossAndGradient(ReadOnlySpan<double> targets, double l2, Span<double> gradient)
    {
        Rules.Require(targets.Length == Items, nameof(targets), $"must hold one value per item ({Items}; got {targets.Length}).");
        var p = Parameters.AsSpan();
        gradient.Clear();
        StimulusDrive(p);
        var wc = ContextWeights(p);
        var wy = OutputWeights(p);
        double by = p[OutputBiasIndex];
        var dwy = OutputWeights(gradient);
        ctxSum.AsSpan().Clear();
        drive.AsSpan().Clear();
        double loss = 0, dby = 0;
        int correct = 0;
        for (int c = 0; c < Contexts; c++)
        {
            var ctxRow = wc.Slice(c * Hidden, Hidden);
            var sum = ctxSum.AsSpan(c * Hidden, Hidden);
            for (int s = 0; s < Stimuli; s++)
            {
                double y = targets[c * Stimuli + s];
                double e = DenseKernels.ActivateAndDot(pre.AsSpan(s * Hidden, Hidden), ctxRow, ContextValue, wy, act) + by - y;
                if (y != 0 && Math.Sign(e + y) == Math.Sign(y)) correct++;
                loss += 0.5 * e * e;
                dby += e;
                DenseKernels.Backward(act, wy, e, dwy, drive.AsSpan(s * Hidden, Hidden), sum);
            }
        }
        gradient[OutputBiasIndex] = dby;
        var dbh = HiddenBias(gradient);
        var dwc = ContextWeights(gradient);
        for (int c = 0; c < Contexts; c++)
        {
            var sum = ctxSum.AsSpan(c * Hidden, Hidden);
            TensorPrimitives.Add(dbh, sum, dbh);
            TensorPrimitives.Multiply(sum, ContextValue, dwc.Slice(c * Hidden, Hidden));
        }
        DenseKernels.MultiplyRows(stimuliT, drive, [], StimulusWeights(gradient), Inputs, Stimuli, Hidden);   // dW_hsᵀ = Xᵀ · dPre
        if (l2 > 0)
            foreach (var (offset, length) in WeightRanges)
            {
                var w = p.Slice(offset, length);
                loss += 0.5 * l2 * TensorPrimitives.Dot(w, w);
                TensorPrimitives.MultiplyAdd(w, l2, gradient.Slice(offset, length), gradient.Slice(offset, length));
            }
        return (loss, correct);
    }

    /// <summary>pre[s] = b_h + W_hs x_s for every stimulus.</summary>
    void StimulusDrive(ReadOnlySpan<double> p)
    {
        DenseKernels.MultiplyRows(stimuli, p[..(Inputs * Hidden)], p.Slice((Inputs + Contexts) * Hidden, Hidden), pre, Stimuli, Inputs, Hidden);
    }

    /// <summary>
    /// The empirical neural tangent kernel at the current parameters, items × items row-major: Θ_ij = Σ_θ ∂ŷ_i/∂θ ·
    /// ∂ŷ_j/∂θ over every parameter, which for this network is h_i · h_j + 1 + (x_i · x_j + c_i · c_j + 1) Σ_u w_u² g_iu g_ju
    /// (W_yh and b_y, then W_hs, W_hc and b_h), with g_iu = 1 when unit u is active on item i (the ReLU's derivative,
    /// taken as 0 at 0).
    /// </summary>
    public double[] TangentKernel()
    {
        var (h, _) = Evaluate();
        var wy = OutputWeights(Parameters);
        var gated = new double[h.Length];                                     // w_u² g_iu
        for (int i = 0; i < Items; i++)
            for (int u = 0; u < Hidden; u++) gated[i * Hidden + u] = h[i * Hidden + u] > 0 ? wy[u] * wy[u] : 0;
        var kernel = new double[Items * Items];
        for (int i = 0; i < Items; i++)
            for (int j = 0; j <= i; j++)
            {
                var hi = h.AsSpan(i * Hidden, Hidden);
                var hj = h.AsSpan(j * Hidden, Hidden);
                double shared = 0;
                for (int u = 0; u < Hidden; u++) if (hj[u] > 0) shared += gated[i * Hidden + u];
                double inputs = TensorPrimitives.Dot(stimuli.AsSpan(i % Stimuli * Inputs, Inputs), stimuli.AsSpan(j % Stimuli * Inputs, Inputs))
                              + (i / Stimuli == j / Stimuli ? ContextValue * ContextValue : 0) + 1;
                kernel[i * Items + j] = kernel[j * Items + i] = TensorPrimitives.Dot(hi, hj) + 1 + inputs * shared;
            }
        return kernel;
    }

    /// <summary>
    /// Hidden activity (items × hidden, row-major) and outputs of every item at the current parameters, with the hidden
    /// units whose <paramref name="keep"/> entry is false silenced (an ablation; null keeps all).
    /// </summary>
    public (double[] Hidden, double[] Outputs) Evaluate(bool[]? keep = null)
    {
        var p = Parameters.AsSpan();
        StimulusDrive(p);
        var wc = ContextWeights(p);
        var wy = OutputWeights(p);
        var h = new double[Items * Hidden];
        var y = new double[Items];
        for (int c = 0; c < Contexts; c++)
            for (int s = 0; s < Stimuli; s++)
            {
                var row = h.AsSpan((c * Stimuli + s) * Hidden, Hidden);
                TensorPrimitives.MultiplyAdd(wc.Slice(c * Hidden, Hidden), ContextValue, pre.AsSpan(s * Hidden, Hidden), row);
                TensorPrimitives.Max(row, 0.0, row);
                if (keep is not null) for (int u = 0; u < Hidden; u++) if (!keep[u]) row[u] = 0;
                y[c * Stimuli + s] = TensorPrimitives.Dot(wy, row) + p[OutputBiasIndex];
            }
        return (h, y);
    }
}
