using System.ComponentModel;
using Parsimony.Information.Losses;
using Parsimony.Runs;

namespace Parsimony.Experiments.SelfSupervised;

/// <summary>
/// Self-supervised stimulus-information training (spec ssi.md §3): a bias-free ReLU RNN integrates self-motion from a
/// start cue, and a ReLU readout is trained only to maximise an information measure of its own activity over each
/// trajectory (no labels). Defaults follow the authors' main.py (16 readout units, 128 hidden, batch 40 × 100 steps,
/// Adam 1e-4, SSI loss) except the step budget: 5 × 100 steps without the reference's early stop, which ends every
/// epoch after 6–12 steps (about 40 steps in all); see each option.
/// </summary>
public abstract record SsiConfig : TrainConfig
{
    /// <summary>Readout units whose information is maximised (the place or head-direction cells).</summary>
    [Description("Readout units whose information is maximised (the reference's Np).")]
    public int Readout { get; init; } = 16;

    /// <summary>Hidden units.</summary>
    [Description("Hidden units of the ReLU RNN (the reference's Ng).")]
    public int Hidden { get; init; } = 128;

    /// <summary>Steps per trajectory (the information's K: p = 1/T).</summary>
    [Description("Steps per trajectory; each trajectory's steps are the stimulus samples of the loss (p = 1/T).")]
    public int SequenceLength { get; init; } = 100;

    /// <summary>Trajectories per batch.</summary>
    [Description("Trajectories per batch (the loss averages J over the batch).")]
    public int BatchSize { get; init; } = 40;

    /// <summary>Epochs.</summary>
    [Description("Epochs (the reference: 5).")]
    public int Epochs { get; init; } = 5;

    /// <summary>Steps per epoch.</summary>
    [Description("Optimizer steps per epoch (the reference: 20; early stopping may end an epoch sooner).")]
    public int Steps { get; init; } = 100;

    /// <summary>Adam learning rate.</summary>
    [Description("Adam learning rate (the reference's).")]
    public double Lr { get; init; } = 1e-4;

    /// <summary>The information objective.</summary>
    [Description("Loss: eigen-i (SSI, the paper's), eigen-i-sec, i, i-sec or skaggs (the single-cell baseline).")]
    public InformationObjective Loss { get; init; } = InformationObjective.EigenI;

    /// <summary>L2 coefficient on W_hh.</summary>
    [Description("Coefficient of ‖W_hh‖² added to the loss (the reference's weight_decay; default 0).")]
    public double WeightDecay { get; init; }

    /// <summary>Dropout on the hidden sequence.</summary>
    [Description("Dropout probability on the hidden sequence during training.")]
    public double Dropout { get; init; } = 0.1;

    /// <summary>Whether to use the reference's early stop.</summary>
    [Description("End an epoch early once, after its 5th step, the loss is ≥ the mean of the last 3 (the reference's rule; off by default because the noisy loss trips it within about 6 steps).")]
    public bool EarlyStop { get; init; }

    /// <summary>Trajectory batches for rate maps and decoding.</summary>
    [Description("Fixed evaluation batches for rate maps, information and decoding (the reference averages maps over 100).")]
    public int EvalBatches { get; init; } = 20;

    /// <summary>Width of the start-cue code.</summary>
    public abstract double StartCueWidth { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Rules.AtLeast(Readout, 2, nameof(Readout));
        Rules.Positive(Hidden, nameof(Hidden));
        Rules.AtLeast(SequenceLength, 3, nameof(SequenceLength));
        Rules.Positive(BatchSize, nameof(BatchSize));
        Rules.Positive(Epochs, nameof(Epochs));
        Rules.Positive(Steps, nameof(Steps));
        Rules.Positive(EvalBatches, nameof(EvalBatches));
        Rules.Positive(Lr, nameof(Lr));
        Rules.NonNegative(WeightDecay, nameof(WeightDecay));
        Rules.Share(Dropout, nameof(Dropout));
        Rules.Positive(StartCueWidth, nameof(StartCueWidth));
    }
}

/// <summary>Place cells (spec ssi.md §3): displacement input in a square box, DoG place-cell start cue.</summary>
public sealed record SsiPlaceConfig : SsiConfig
{
    /// <summary>Side of the box.</summary>
    [Description("Side of the square box in metres (the reference: 0.5).")]
    public double Box { get; init; } = 0.5;

    /// <summary>σ of the DoG start-cue place cells.</summary>
    [Description("σ in metres of the fixed DoG place cells whose code of the start position is the only positional cue.")]
    public override double StartCueWidth { get; init; } = 0.12;

    /// <summary>Rate-map bins per axis.</summary>
    [Description("Rate-map bins per axis (the reference: 25).")]
    public int MapBins { get; init; } = 25;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Rules.Positive(Box, nameof(Box));
        Rules.AtLeast(MapBins, 4, nameof(MapBins));
    }
}

/// <summary>
/// Head-direction cells — the paper gives no details, so this is the natural 1-D analogue (documented design): path
/// integration on the unit circle. The same agent's heading vector (cos θ, sin θ) changes by a small displacement each
/// step, which is the input (as the place task's input is the displacement in the plane); a ring of DoG head-direction
/// cells coding the start heading is the cue; the same losses over each trajectory's steps; tuning curves over heading.
/// </summary>
public sealed record SsiHeadDirectionConfig : SsiConfig
{
    /// <summary>No dropout: with the reference's 0.1 most readout units fall silent on this task (5 of 16 stay active).</summary>
    public SsiHeadDirectionConfig() => Dropout = 0;

    /// <summary>σ of the start-cue ring cells.</summary>
    [Description("σ in radians of the fixed DoG ring cells whose code of the start heading is the only directional cue.")]
    public override double StartCueWidth { get; init; } = 0.4;

    /// <summary>Heading bins of the tuning curves.</summary>
    [Description("Heading bins of the tuning curves (36 = 10°).")]
    public int MapBins { get; init; } = 36;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Rules.AtLeast(MapBins, 4, nameof(MapBins));
    }
}
