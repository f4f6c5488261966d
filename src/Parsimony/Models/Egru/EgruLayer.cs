using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Models.Egru;

/// <summary>A layer's outputs over a sequence, each [T, B, N]: y (sparse), h (post-reset), o (0/1 events), the trace.</summary>
public sealed record EgruLayerOutput(Tensor Y, Tensor H, Tensor O, Tensor Trace)
{
    /// <summary>
    /// The state after the last step, as EvNN's language model carries it into the next truncated-BPTT chunk: only
    /// y_T (detach it first); h and the trace start again at 0.
    /// </summary>
    public Tensor LastY => Y[-1];
}

/// <summary>
/// One EGRU layer (Subramoney et al., ICLR 2023; EvNN's kernel, spec §A.1–A.4) over time-major input [T, B, I].
/// Parameters, PyTorch layout with gate blocks (z, r, g) along dim 0: <c>weight_ih</c> [3N, I], <c>weight_hh</c> [3N, N]
/// (Xavier normal), <c>bias_ih</c>, <c>bias_hh</c> [3N] (zeros), <c>threshold</c> [N] (Beta(3m/(1−m), 3), clamped to [0, 1]
/// in place at the start of every forward). DropConnect masks <c>weight_hh</c> once per forward call (training only);
/// zoneout uses a fresh Bernoulli mask [T, B, N] per call in training and, in evaluation, c ← p·h_{t−1} + (1 − p)·c
/// (EvNN's C++ semantics; its PyTorch fallback's p·h + (1 − p)·h would freeze the state). Masks come from
/// <see cref="Masks"/> when set, else libtorch's global generator.
/// </summary>
public sealed class EgruLayer : nn.Module
{
    // Named as registered: Module.to(dtype or device) replaces the fields of the registered names.
#pragma warning disable IDE1006
    Parameter weight_ih, weight_hh, bias_ih, bias_hh, threshold;
#pragma warning restore IDE1006

    /// <summary>Builds a layer of <paramref name="hidden"/> units over <paramref name="inputSize"/> inputs with <paramref name="spec"/>'s hyperparameters, drawing from libtorch's global generator (build inside <see cref="RngStreams.Seeded{T}"/>).</summary>
    public EgruLayer(int inputSize, int hidden, EgruSpec spec) : base("EgruLayer")
    {
        (spec with { InputSize = inputSize, HiddenSizes = [hidden] }).Validate();
        InputSize = inputSize;
        HiddenSize = hidden;
        Spec = spec;
        Backend = spec.Backend;
        weight_ih = new Parameter(empty(3 * hidden, inputSize));
        weight_hh = new Parameter(empty(3 * hidden, hidden));
        bias_ih = new Parameter(zeros(3 * hidden));
        bias_hh = new Parameter(zeros(3 * hidden));
        threshold = new Parameter(SampleThresholds(hidden, spec.ThresholdMean));
        RegisterComponents();
        using var _ = no_grad();
        nn.init.xavier_normal_(weight_ih, spec.InitGain);
        nn.init.xavier_normal_(weight_hh, spec.InitGain);
    }

    /// <summary>Features per step.</summary>
    public int InputSize { get; }

    /// <summary>Units N.</summary>
    public int HiddenSize { get; }

    /// <summary>The hyperparameters (its sizes are the stack's; this layer's are <see cref="InputSize"/>, <see cref="HiddenSize"/>).</summary>
    public EgruSpec Spec { get; }

    /// <summary>How the layer computes (from the spec; may be switched between calls, e.g. sparse for training, dense to compare).</summary>
    public EgruBackend Backend { get; set; }

    /// <summary>The generator of the DropConnect and zoneout masks (a job's named stream); null: libtorch's global one.</summary>
    public Generator? Masks { get; set; }

    /// <summary>MACs of the kernel backends, accumulated over forward and backward calls (reset it when you like).</summary>
    public EgruMacs Macs { get; } = new();

    /// <summary>W [3N, I].</summary>
    public Parameter InputWeight => weight_ih;

    /// <summary>R [3N, N].</summary>
    public Parameter RecurrentWeight => weight_hh;

    /// <summary>b_x [3N].</summary>
    public Parameter InputBias => bias_ih;

    /// <summary>b_r [3N].</summary>
    public Parameter RecurrentBias => bias_hh;

    /// <summary>ϑ [N] (give it its own optimizer group: EvNN's LM freezes it with learning rate 0).</summary>
    public Parameter Threshold => threshold;

    /// <summary>Samples n thresholds from Beta(α, 3), α = 3m/(1 − m) (mean m), from libtorch's global generator.</summary>
    public static Tensor SampleThresholds(int n, double mean)
    {
        Rules.Require(mean is > 0 and < 1, nameof(EgruSpec.ThresholdMean), $"must be in (0, 1) (got {Rules.Show(mean)}).");
        double alpha = 3 * mean / (1 - mean);
        using var a = full(n, alpha, float64);
        using var b = full(n, 3.0, float64);
        return distributions.Beta(a, b).sample().to_type(ScalarType.Float32);
    }

    /// <summary>
    /// Runs the layer over <paramref name="x"/> [T, B, I] from y₀ = <paramref name="y0"/> [B, N] (null: zeros; h₀ and the
    /// trace always start at 0).
    /// </summary>
    public EgruLayerOutput Forward(Tensor x, Tensor? y0 = null)
    {
        using var scope = NewDisposeScope();             // temporaries are freed here, never by a finalizer mid-call
        CheckInput(x, y0);
        using (no_grad()) threshold.clamp_(0, 1);
        long steps = x.shape[0], batch = x.shape[1];
        var recurrent = (Tensor)weight_hh;
        if (training && Spec.DropConnect > 0)
        {
            var mask = empty(weight_hh.shape, weight_hh.dtype).bernoulli_(1 - Spec.DropConnect, Masks).to(weight_hh.device);
            recurrent = weight_hh * mask / (1 - Spec.DropConnect);
        }
        Tensor? keep = Spec.Zoneout <= 0 ? null
            : training ? empty([steps, batch, HiddenSize], x.dtype).bernoulli_(1 - Spec.Zoneout, Masks).to(x.device)
            : full([steps, batch, HiddenSize], 1 - Spec.Zoneout, x.dtype, x.device);
        var w = new EgruWeights(weight_ih.to_type(x.dtype), recurrent.to_type(x.dtype), bias_ih.to_type(x.dtype), bias_hh.to_type(x.dtype), threshold.to_type(x.dtype));
        if (Backend == EgruBackend.Autograd) return Outer(Unrolled(x, y0, w, keep));
        if (x.device.type != TorchSharp.DeviceType.CPU)
            throw new ParsimonyException($"The EGRU kernel backends run on the CPU; use the autograd backend on {x.device}.");
        var outputs = EgruFunction.apply(x, y0, w.InputWeight, w.RecurrentWeight, w.InputBias, w.RecurrentBias, w.Threshold, keep,
                                         new EgruCall(Backend == EgruBackend.Sparse, Spec.Surrogate, Spec.GradClip, Macs));
        return Outer(new EgruLayerOutput(outputs[0], outputs[1], outputs[2], outputs[3]));
    }

    static EgruLayerOutput Outer(EgruLayerOutput o) =>
        new(o.Y.MoveToOuterDisposeScope(), o.H.MoveToOuterDisposeScope(), o.O.MoveToOuterDisposeScope(), o.Trace.MoveToOuterDisposeScope());

    EgruLayerOutput Unrolled(Tensor x, Tensor? y0, EgruWeights w, Tensor? keep)
    {
        var px = EgruStep.InputProjection(x, w);
        var state = EgruState.Initial(x.shape[1], HiddenSize, x.dtype, x.device, y0);
        var (ys, hs, os, trs) = (new List<Tensor>(), new List<Tensor>(), new List<Tensor>(), new List<Tensor>());
        for (long t = 0; t < x.shape[0]; t++)
        {
            (state, var o, _) = EgruStep.Step(w, px[t], state, Spec.Surrogate, keep?[t]);
            ys.Add(state.Y); hs.Add(state.H); os.Add(o); trs.Add(state.Trace);
        }
        return new EgruLayerOutput(stack(ys), stack(hs), stack(os), stack(trs));
    }

    /// <summary>
    /// One step from <paramref name="state"/> for input <paramref name="xt"/> [B, I] (op by op; no DropConnect, evaluation
    /// zoneout): the streaming form of <see cref="Forward"/> in evaluation mode.
    /// </summary>
    public (EgruState Next, Tensor Events) Step(Tensor xt, EgruState state)
    {
        using var scope = NewDisposeScope();
        var w = new EgruWeights(weight_ih, weight_hh, bias_ih, bias_hh, threshold.clamp(0, 1));
        Tensor? keep = Spec.Zoneout > 0 ? full([1], 1 - Spec.Zoneout, xt.dtype, xt.device) : null;
        var (next, o, _) = EgruStep.Step(w, xt.matmul(weight_ih.t()) + bias_ih, state, Spec.Surrogate, keep);
        return (new EgruState(next.Y.MoveToOuterDisposeScope(), next.H.MoveToOuterDisposeScope(), next.Trace.MoveToOuterDisposeScope()), o.MoveToOuterDisposeScope());
    }

    void CheckInput(Tensor x, Tensor? y0)
    {
        if (x.dim() != 3 || x.shape[2] != InputSize)
            throw new ParsimonyException($"An EGRU layer over {InputSize} inputs takes [steps, batch, {InputSize}] input (got [{string.Join(", ", x.shape)}]).");
        if (x.shape[0] < 1 || x.shape[1] < 1)
            throw new ParsimonyException($"An EGRU sequence needs at least one step and one sample (got {x.shape[0]} steps, {x.shape[1]} samples).");
        if (!x.isfinite().all().item<bool>())
            throw new ParsimonyException("The EGRU input contains NaN or infinite values.");
        if (y0 is null) return;
        if (y0.dim() != 2 || y0.shape[0] != x.shape[1] || y0.shape[1] != HiddenSize)
            throw new ParsimonyException($"The initial output y0 must be [{x.shape[1]}, {HiddenSize}] (got [{string.Join(", ", y0.shape)}]).");
        if (!y0.isfinite().all().item<bool>())
            throw new ParsimonyException("The initial output y0 contains NaN or infinite values.");
    }
}
