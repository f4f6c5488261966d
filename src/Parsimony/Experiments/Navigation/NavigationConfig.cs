using System.ComponentModel;
using Parsimony.Experiments.Sparse;

namespace Parsimony.Experiments.Navigation;

/// <summary>How the recurrent matrix starts.</summary>
public enum RecurrentInit
{
    /// <summary>PyTorch's default U(±1/√N).</summary>
    Pytorch,
    /// <summary>The identity (IRNN).</summary>
    Identity,
}

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
    /// The CPU demo (about 6 minutes on 2 cores): Ng = 256, Np = 256, trajectories of 20 steps in batches of 100,
    /// 12 × 500 steps at lr 1e-3 with gradual pruning to 90% and 3 stabilizer epochs, torus DoG moduli regularization
    /// with λ = 0.01 (the penalty is a mean over N² entries, so at N = 256 the paper's 0.1 weighs far more per weight than at 4096),
    /// identity recurrent initialisation and start-code gain 20 (to leave the start-up plateau within the budget).
    /// </summary>
    public static NavigationConfig Demo => new()
    {
        Hidden = 256, PlaceCells = 256, SequenceLength = 20, BatchSize = 100, Epochs = 12, Steps = 500, StabilizerEpochs = 3,
        Lr = 1e-3, Lambda = 0.01, ValidationBatches = 2,
        RecurrentInit = RecurrentInit.Identity, StartCodeGain = 20,
    };

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Hidden >= 2 && PlaceCells >= TopK, $"--hidden must be ≥ 2 and --place-cells ≥ --top-k (got {Hidden}, {PlaceCells}).");
        Require(TopK >= 1, $"--top-k must be positive (got {TopK}).");
        Require(PlaceCellWidth > 0 && Box > 0, "--place-cell-width and --box must be positive.");
        Require(SequenceLength >= 1 && BatchSize >= 1 && Steps >= 1 && ValidationBatches >= 1,
            "--sequence-length, --batch-size, --steps and --validation-batches must be positive.");
        Require(Lr > 0 && double.IsFinite(Lr), $"--lr must be a positive number (got {Lr}).");
        Require(WeightDecay >= 0 && Clip >= 0, "--weight-decay and --clip must be ≥ 0.");
        Require(StartCodeGain > 0 && double.IsFinite(StartCodeGain), $"--start-code-gain must be positive (got {StartCodeGain}).");
    }
}
