using System.ComponentModel;
using Parsimony.Runs;
using Parsimony.Sparsity;
using Parsimony.Tasks.Images;
using Parsimony.Tasks.SequentialImages;

namespace Parsimony.Experiments.Egru;

/// <summary>The recurrent cell of a sequence classifier.</summary>
public enum SequenceCell
{
    /// <summary>Event-based GRU (activity-sparse; spec egru_eventprop.md §A.1).</summary>
    Egru,
    /// <summary>Gated recurrent unit (libtorch's).</summary>
    Gru,
    /// <summary>Long short-term memory (libtorch's).</summary>
    Lstm,
}

/// <summary>
/// Sequential image classification (spec egru_eventprop.md §A.6.2) at CPU scale: Fashion-MNIST (any IDX set) read row
/// by row (28 steps) or pixel by pixel (196 steps at 14 × 14, or the published 784), optionally bit-reversal permuted;
/// an 80/20 split of the training set drawn with seed 42 as the reference does; Adam 1e-3, gradient-norm clip 0.25, a
/// linear read-out at the last step, cross-entropy; optionally global magnitude pruning of the recurrent layers' input
/// and recurrent matrices (linear schedule, unstructured or in blocks of outputs, stabilizer and dense epochs, lottery).
/// </summary>
public sealed record SeqImageConfig : TrainConfig
{
    /// <summary>The image folder.</summary>
    [Description("Folder with train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz] (apt install dataset-fashion-mnist).")]
    public string Images { get; init; } = IdxFolder.FashionMnist;

    /// <summary>How an image becomes a sequence.</summary>
    [Description("rows (28 steps of 28 pixels), pixels14 (196 steps of one pixel of the 2×2-pooled image) or pixels (784 steps, as published).")]
    public ImageSequence Sequence { get; init; } = ImageSequence.Rows;

    /// <summary>Whether the steps are permuted.</summary>
    [Description("Permute the steps by the bit-reversal permutation (permuted sequential MNIST).")]
    public bool Permuted { get; init; }

    /// <summary>The recurrent cell.</summary>
    [Description("Recurrent cell: egru (event-based GRU, read out from its output trace), or the dense baselines gru and lstm.")]
    public SequenceCell Cell { get; init; } = SequenceCell.Egru;

    /// <summary>Recurrent units.</summary>
    [Description("Recurrent units (the paper's 784-pixel configuration: 590).")]
    public int Hidden { get; init; } = 128;

    /// <summary>EGRU threshold initialisation mean.</summary>
    [Description("EGRU: mean of the Beta threshold initialisation, in (0, 1).")]
    public double ThresholdMean { get; init; } = 0.3;

    /// <summary>EGRU surrogate peak.</summary>
    [Description("EGRU: peak γ of the triangle pseudo-derivative.")]
    public double Dampening { get; init; } = 0.7;

    /// <summary>EGRU surrogate slope.</summary>
    [Description("EGRU: slope s of the triangle pseudo-derivative (support |c − ϑ| < 1/s).")]
    public double Support { get; init; } = 1.0;

    /// <summary>EGRU zoneout.</summary>
    [Description("EGRU: zoneout probability (evaluation mixes p·h + (1 − p)·c).")]
    public double Zoneout { get; init; }

    /// <summary>EGRU DropConnect.</summary>
    [Description("EGRU: DropConnect probability on the recurrent matrix.")]
    public double DropConnect { get; init; }

    /// <summary>Epochs (of gradual pruning when pruning).</summary>
    [Description("Training epochs (passes over the training split; when pruning, pruning reaches the target in the last one).")]
    public int Epochs { get; init; } = 5;

    /// <summary>Final global sparsity of the pruned group.</summary>
    [Description("Final global sparsity of the input and recurrent matrices of the recurrent layers (pruned together), in [0, 1); 0 trains dense.")]
    public double TargetSparsity { get; init; }

    /// <summary>Consecutive outputs of one input pruned together.</summary>
    [Description("Prune in blocks of this many consecutive outputs of one input, ranked by their mean |w| (1: unstructured; 16: the blocks event-driven inference multiplies with one SIMD step).")]
    public int PruneBlock { get; init; } = 1;

    /// <summary>Dense epochs before pruning starts.</summary>
    [Description("Epochs of dense training before gradual pruning starts.")]
    public int DenseEpochs { get; init; }

    /// <summary>Epochs at the final mask.</summary>
    [Description("Extra epochs at the final mask after pruning.")]
    public int StabilizerEpochs { get; init; }

    /// <summary>Lottery-ticket retrain.</summary>
    [Description("Then retrain a lottery ticket: fresh weights, the final masks fixed, the same number of epochs.")]
    public bool Lottery { get; init; }

    /// <summary>Mini-batch size.</summary>
    [Description("Samples per mini-batch (the paper: 500).")]
    public int BatchSize { get; init; } = 100;

    /// <summary>Adam learning rate.</summary>
    [Description("Adam learning rate.")]
    public double Lr { get; init; } = 1e-3;

    /// <summary>Total gradient-norm clip.</summary>
    [Description("Total gradient-norm clip (0: none).")]
    public double Clip { get; init; } = 0.25;

    /// <summary>Share of the training set held out.</summary>
    [Description("Share of the training images held out for validation (drawn with seed 42, as the reference's random_split).")]
    public double ValidationShare { get; init; } = 0.2;

    /// <summary>Training images used.</summary>
    [Description("Use only the first N images of the training split (0: all), for quick runs.")]
    public int TrainSamples { get; init; }

    /// <summary>Test images used.</summary>
    [Description("Use only the first N test images (0: all).")]
    public int TestSamples { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Rules.Require(Directory.Exists(Images), nameof(Images), $"is '{Images}', which is not a folder (install Fashion-MNIST with apt install dataset-fashion-mnist, or give an IDX image folder).");
        Rules.Positive(Hidden, nameof(Hidden));
        Plan.Validate();
        Rules.Positive(BatchSize, nameof(BatchSize));
        Rules.Positive(Lr, nameof(Lr));
        Rules.NonNegative(Clip, nameof(Clip));
        Rules.Require(ValidationShare is >= 0 and < 1, nameof(ValidationShare), $"must be in [0, 1) (got {Rules.Show(ValidationShare)}).");
        Rules.NonNegative(TrainSamples, nameof(TrainSamples));
        Rules.NonNegative(TestSamples, nameof(TestSamples));
        if (Cell == SequenceCell.Egru) EgruSpec(1).Validate();
    }

    /// <summary>The pruning plan this config describes (linear schedule).</summary>
    public PruningPlan Plan => new(TargetSparsity, Epochs, PruningSchedule.Linear, StabilizerEpochs, Lottery: Lottery, DenseEpochs: DenseEpochs, PruneBlock: PruneBlock);

    /// <summary>The EGRU layer spec for <paramref name="features"/> inputs per step.</summary>
    public Models.Egru.EgruSpec EgruSpec(int features) =>
        new(features, [Hidden], ThresholdMean, Dampening, Support, DropConnect, Zoneout);
}
