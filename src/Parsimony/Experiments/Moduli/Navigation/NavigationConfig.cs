using System.ComponentModel;
using Parsimony.Models.Navigation;

namespace Parsimony.Experiments.Moduli.Navigation;

/// <summary>
/// Path integration as in the moduli paper (spec moduli.md §3.1): Ng = 4096 ReLU units, 512 DoG place cells, trajectories
/// of 50 steps in batches of 200, AdamW 1e-4 with weight decay 0.01, λ = 0.1 torus DoG, 30 × 1000 steps with gradual
/// pruning to 90%. The defaults are the paper's full scale (a GPU job); <see cref="Demo"/> is a CPU-sized run.
/// </summary>
public sealed record NavigationConfig : SparseRnnConfig
{
    /// <summary>Recurrent units Ng.</summary>
    [Description("Recurrent (grid) units Ng.")]
    public int Hidden { get; init; } = 4096;

    /// <summary>Place cells Np.</summary>
    [Description("Place cells Np (the readout and the initial-state code).")]
    public int PlaceCells { get; init; } = 512;

    /// <summary>Place-cell width σ (m).</summary>
    [Description("Place-cell width σ in metres.")]
    public double PlaceCellWidth { get; init; } = 0.12;

    /// <summary>Seed of the place-cell centres.</summary>
    [Description("Seed of the place-cell centres (the reference fixes numpy's seed 0).")]
    public int PlaceCellSeed { get; init; }

    /// <summary>Box side (m).</summary>
    [Description("Side of the square box in metres.")]
    public double Box { get; init; } = 2.2;

    /// <summary>Steps per trajectory.</summary>
    [Description("Steps per trajectory (dt = 0.02 s).")]
    public int SequenceLength { get; init; } = 50;

    /// <summary>Trajectories per batch.</summary>
    [Description("Trajectories per batch.")]
    public int BatchSize { get; init; } = 200;

    /// <summary>Optimizer steps per epoch.</summary>
    [Description("Optimizer steps per epoch (one fresh batch each).")]
    public int Steps { get; init; } = 1000;

    /// <summary>AdamW learning rate.</summary>
    [Description("AdamW learning rate.")]
    public double Lr { get; init; } = 1e-4;

    /// <summary>AdamW decoupled weight decay.</summary>
    [Description("AdamW decoupled weight decay (the reference leaves PyTorch's 0.01 on in every run).")]
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Total gradient-norm clip.</summary>
    [Description("Total gradient-norm clip (0 = none, as in the reference).")]
    public double Clip { get; init; }

    /// <summary>Validation batches.</summary>
    [Description("Validation batches of --batch-size trajectories (fixed, from their own stream).")]
    public int ValidationBatches { get; init; } = 5;

    /// <summary>Initialisation of the recurrent matrix.</summary>
    [Description("Initialisation of W_hh: pytorch (U(±1/√Ng), the reference) or identity (IRNN, Le et al. 2015; leaves the start-up plateau much sooner).")]
    public RecurrentInit RecurrentInit { get; init; } = RecurrentInit.Pytorch;

    /// <summary>Gain on the start's place code before the encoder.</summary>
    [Description("Gain on the start's place code fed to the encoder (the code sums to 1, so at the reference's 1 the initial state is tiny and training starts on a long plateau).")]
    public double StartCodeGain { get; init; } = 1;

    /// <summary>Cells averaged when decoding.</summary>
    [Description("Decode a position as the mean centre of this many most active place cells.")]
    public int TopK { get; init; } = 3;

    /// <summary>
    /// The CPU demo (about 4 minutes on 2 cores): Ng = 256, Np = 256, trajectories of 20 steps in batches of 100, 3 dense
    /// epochs, then 12 × 500 steps at lr 1e-3 with gradual pruning to 90% and 3 stabilizer epochs, torus DoG moduli regularization
    /// with λ = 0.01 (the penalty is a mean over N² entries, so at N = 256 the paper's 0.1 weighs far more per weight than at 4096),
    /// identity recurrent initialisation and start-code gain 20 (to leave the start-up plateau within the budget).
    /// </summary>
    public static NavigationConfig Demo => new()
    {
        Hidden = 256, PlaceCells = 256, SequenceLength = 20, BatchSize = 100, DenseEpochs = 3, Epochs = 12, Steps = 500, StabilizerEpochs = 3,
        Lr = 1e-3, Lambda = 0.01, ValidationBatches = 2,
        RecurrentInit = RecurrentInit.Identity, StartCodeGain = 20,
    };

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Rules.AtLeast(Hidden, 2, nameof(Hidden));
        Rules.Positive(TopK, nameof(TopK));
        Rules.Require(PlaceCells >= TopK, nameof(PlaceCells), $"must be at least {{TopK}} (got {PlaceCells} and {TopK}).");
        Rules.Positive(PlaceCellWidth, nameof(PlaceCellWidth));
        Rules.Positive(Box, nameof(Box));
        Rules.Positive(SequenceLength, nameof(SequenceLength));
        Rules.Positive(BatchSize, nameof(BatchSize));
        Rules.Positive(Steps, nameof(Steps));
        Rules.Positive(ValidationBatches, nameof(ValidationBatches));
        Rules.Positive(Lr, nameof(Lr));
        Rules.NonNegative(WeightDecay, nameof(WeightDecay));
        Rules.NonNegative(Clip, nameof(Clip));
        Rules.Positive(StartCodeGain, nameof(StartCodeGain));
    }
}
