using System.ComponentModel;
using Parsimony.Regularization;
using Parsimony.Runs;
using Parsimony.Sparsity;

namespace Parsimony.Experiments.Moduli;

/// <summary>
/// Options every moduli-regularized, pruned RNN experiment shares (spec moduli.md §1–2): the embedding space and
/// inhibitor pipeline, λ and p, the pruning target and phases, the lottery retrain and the reference-parity switch.
/// Experiments set their paper defaults in their constructors.
/// </summary>
public abstract record SparseRnnConfig : TrainConfig
{
    /// <summary>Moduli space of the recurrent neurons.</summary>
    [Description("Moduli space of the recurrent neurons: torus, torusK, klein, circle, sphere, s3, rK, grid3, a*b products; standard (R ≡ 1, plain L1) or none (no penalty).")]
    public string Space { get; init; } = "torus";

    /// <summary>Distance-to-penalty function.</summary>
    [Description("Inhibitor applied to distances: square, dog, gauss, ripple, none (identity) or mean (scale-matched constant).")]
    public Inhibitor Inhibitor { get; init; } = Inhibitor.Dog;

    /// <summary>R ← max(R) − R.</summary>
    [Description("Invert the penalty, R ← max(R) − R (needed with dog so that near-but-not-self pairs are cheap). On by default; --invert false turns it off.")]
    public bool Invert { get; init; } = true;

    /// <summary>Shuffle R's entries (control).</summary>
    [Description("Shuffle all N² entries of R (the control that keeps the values and destroys the geometry).")]
    public bool Permute { get; init; }

    /// <summary>Regularization coefficient λ.</summary>
    [Description("Regularization coefficient λ of λ·mean(R ⊙ |W_hh|^p).")]
    public double Lambda { get; init; } = 0.1;

    /// <summary>Penalty power p.</summary>
    [Description("Penalty power p: 1 (L1) or 2 (squared).")]
    public int Power { get; init; } = 1;

    /// <summary>Learn the embedding.</summary>
    [Description("Learn the embedding with the weights (R recomputed from it every step) instead of fixing it.")]
    public bool TrainEmbedding { get; init; }

    /// <summary>Final global sparsity of the pruned group.</summary>
    [Description("Final global sparsity of the pruned group, in [0, 1); 0 trains dense.")]
    public double TargetSparsity { get; init; } = 0.9;

    /// <summary>Consecutive outputs of one input pruned together.</summary>
    [Description("Prune in blocks of this many consecutive outputs of one input, ranked by their mean |w| (1: unstructured; 16: the blocks event-driven inference multiplies with one SIMD step).")]
    public int PruneBlock { get; init; } = 1;

    /// <summary>Epochs of gradual pruning.</summary>
    [Description("Training epochs (pruning reaches the target in the last one).")]
    public int Epochs { get; init; } = 30;

    /// <summary>Dense epochs before pruning starts.</summary>
    [Description("Epochs of dense training before gradual pruning starts, so the dense baseline (dense_* in the summary) is a trained network; 0 = the paper's schedule.")]
    public int DenseEpochs { get; init; }

    /// <summary>Epochs at the final mask.</summary>
    [Description("Extra epochs at the final mask after pruning.")]
    public int StabilizerEpochs { get; init; }

    /// <summary>Optional extension target.</summary>
    [Description("After the target, extend pruning over 5 more epochs to this sparsity (e.g. 0.98); 0 = no extension.")]
    public double ExtendTo { get; init; }

    /// <summary>Lottery-ticket retrain.</summary>
    [Description("Then retrain a lottery ticket: fresh weights and embedding, the final masks fixed, the same number of epochs.")]
    public bool Lottery { get; init; }

    /// <summary>Allow the reference code's quirks.</summary>
    [Description("Allow the reference code's quirks (the zero \"L1\" control standard + invert; the LM's ripple = identity).")]
    public bool LegacyQuirks { get; init; }

    /// <summary>The inhibitor the penalty uses (a task may map some to others for reference parity).</summary>
    protected virtual Inhibitor EffectiveInhibitor => Inhibitor;

    /// <summary>The regularizer this config describes (the space name parsed; invalid names are an <see cref="OptionException"/>).</summary>
    public RegularizerSpec Regularizer() => RegularizerSpec.Parse(Space, EffectiveInhibitor, Invert, Permute, LegacyQuirks);

    /// <summary>The schedule kind of this task.</summary>
    protected virtual PruningSchedule Schedule => PruningSchedule.Linear;

    /// <summary>The pruning plan this config describes.</summary>
    public PruningPlan Plan => new(TargetSparsity, Epochs, Schedule, StabilizerEpochs, ExtendTo, Lottery: Lottery, DenseEpochs: DenseEpochs, PruneBlock: PruneBlock);

    /// <inheritdoc/>
    public override void Validate()
    {
        var regularizer = Regularizer();
        Plan.Validate();
        Rules.NonNegative(Lambda, nameof(Lambda));
        Rules.Require(Power is 1 or 2, nameof(Power), $"must be 1 or 2 (got {Power}).");
        Rules.Require(!TrainEmbedding || regularizer.Space is not null, nameof(TrainEmbedding), $"needs a space; '{Space}' has none.");
    }
}
