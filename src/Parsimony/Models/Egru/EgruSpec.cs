namespace Parsimony.Models.Egru;

/// <summary>How an EGRU layer computes its sequence.</summary>
public enum EgruBackend
{
    /// <summary>The fused CPU kernel (<see cref="EgruKernel"/>), event-driven: only rows of units that emitted an event, backward only over the backward-active set.</summary>
    Sparse,
    /// <summary>The same fused CPU kernel visiting every row (the dense reference of <see cref="Sparse"/>; equal results).</summary>
    Dense,
    /// <summary>Op-by-op TorchSharp autograd over <see cref="EgruStep"/> (any device; the reference the kernel is tested against).</summary>
    Autograd,
}

/// <summary>
/// Shape and hyperparameters of an EGRU stack (spec egru_eventprop.md §A.1–A.4; the defaults are EvNN's layer defaults).
/// </summary>
/// <param name="InputSize">Features per time step of the first layer.</param>
/// <param name="HiddenSizes">Units per layer, first layer first (e.g. [1350, 1350, 750] for the PTB model).</param>
/// <param name="ThresholdMean">Mean m of the Beta(3m/(1−m), 3) threshold initialisation; in (0, 1).</param>
/// <param name="Dampening">Peak γ of the triangle pseudo-derivative (EvNN <c>dampening_factor</c>).</param>
/// <param name="Support">Slope s of the triangle: support |c − ϑ| &lt; 1/s (EvNN <c>pseudo_derivative_support</c>; the paper's width ε = 1/s).</param>
/// <param name="DropConnect">Dropout probability on the recurrent matrix, sampled once per forward call, in [0, 1).</param>
/// <param name="Zoneout">Zoneout probability p, in [0, 1): training keeps the previous state where a Bernoulli(p) fires, evaluation mixes p·h + (1 − p)·c.</param>
/// <param name="GradClip">In-layer gradient clipping (EvNN <c>grad_clip</c>): max norm over the layer's parameter and y₀ gradients, input gradient unscaled; 0 = off.</param>
/// <param name="InitGain">Gain of the Xavier-normal initialisation of both matrices.</param>
/// <param name="Backend">How the layers compute.</param>
public sealed record EgruSpec(int InputSize, IReadOnlyList<int> HiddenSizes, double ThresholdMean = 0.3, double Dampening = 0.7, double Support = 1.0,
                              double DropConnect = 0, double Zoneout = 0, double GradClip = 0, double InitGain = 1, EgruBackend Backend = EgruBackend.Sparse)
{
    /// <summary>A single-layer spec.</summary>
    public static EgruSpec Single(int inputSize, int hidden) => new(inputSize, [hidden]);

    /// <summary>The pseudo-derivative of this spec.</summary>
    public TriangleSurrogate Surrogate => new(Dampening, Support);

    /// <summary>Throws an <see cref="OptionException"/> naming the first invalid property.</summary>
    public void Validate()
    {
        Rules.Positive(InputSize, nameof(InputSize));
        Rules.Require(HiddenSizes is { Count: > 0 }, nameof(HiddenSizes), "must list at least one layer.");
        foreach (var n in HiddenSizes) Rules.Require(n > 0, nameof(HiddenSizes), $"must all be positive (got {n}).");
        Rules.Require(ThresholdMean is > 0 and < 1, nameof(ThresholdMean),
            $"must be in (0, 1): it is the mean of the Beta threshold initialisation (got {Rules.Show(ThresholdMean)}).");
        Rules.Positive(Dampening, nameof(Dampening));
        Rules.Positive(Support, nameof(Support));
        Rules.Share(DropConnect, nameof(DropConnect));
        Rules.Share(Zoneout, nameof(Zoneout));
        Rules.NonNegative(GradClip, nameof(GradClip));
        Rules.Positive(InitGain, nameof(InitGain));
    }
}
