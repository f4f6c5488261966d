using System.ComponentModel;
using Parsimony.Regularization;
using Parsimony.Runs;

namespace Parsimony.Experiments.Sernn;

/// <summary>
/// A spatially embedded RNN on the maze task (spec neuro_models.md §A): 8 inputs, a Keras-style ReLU RNN of
/// GridX·GridY·GridZ units on an integer grid, 4 outputs; loss = mean cross-entropy + the spatial penalty (plain sum);
/// Adam with Keras's defaults (lr 1e-3, ε 1e-7); the recurrent kernel snapshotted at initialisation and after every epoch.
/// </summary>
public sealed record SernnConfig : SernnOptions
{
    /// <summary>Its strength.</summary>
    [Description("Regularisation strength λ (the paper's seRNN sweep: 0.001–0.3; its L1 sweep is unknown, an earlier one used 1e-5–0.04).")]
    public double Lambda { get; init; } = 0.3;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Rules.NonNegative(Lambda, nameof(Lambda));
    }
}

/// <summary>What one seRNN and a population of them are trained with: the penalty, the grid, the maze data and the training (spec neuro_models.md §A).</summary>
public abstract record SernnOptions : TrainConfig
{
    /// <summary>The penalty.</summary>
    [Description("Regulariser: sernn (|U|∘C∘D, the paper's), distance (|U|∘D), communicability (|U|∘C) or l1 (|U|).")]
    public SpatialPenalty Penalty { get; init; } = SpatialPenalty.Sernn;

    /// <summary>Whether C is detached.</summary>
    [Description("Treat the communicability C as a constant of each step (the PyTorch spiking demo) instead of differentiating through the matrix exponential (the TensorFlow reference).")]
    public bool DetachCommunicability { get; init; }

    /// <summary>Elementwise power of C.</summary>
    [Description("Elementwise power of the communicability (comms_factor; 1 in the paper).")]
    public double CommsPower { get; init; } = 1;

    /// <summary>Grid width.</summary>
    [Description("Grid units along x.")]
    public int GridX { get; init; } = 5;

    /// <summary>Grid depth.</summary>
    [Description("Grid units along y.")]
    public int GridY { get; init; } = 5;

    /// <summary>Grid height.</summary>
    [Description("Grid units along z.")]
    public int GridZ { get; init; } = 4;

    /// <summary>Recurrent units.</summary>
    [Description("Recurrent units; must equal grid-x · grid-y · grid-z.")]
    public int Hidden { get; init; } = 100;

    /// <summary>Epochs.</summary>
    [Description("Training epochs (the paper: 10).")]
    public int Epochs { get; init; } = 10;

    /// <summary>Batch size.</summary>
    [Description("Trials per mini-batch (the paper: 128).")]
    public int BatchSize { get; init; } = 128;

    /// <summary>Training trials.</summary>
    [Description("Training trials (the paper: 5120, i.e. 40 batches per epoch).")]
    public int TrainTrials { get; init; } = 5120;

    /// <summary>Validation trials.</summary>
    [Description("Validation trials evaluated after every epoch (the paper: 2560).")]
    public int ValidationTrials { get; init; } = 2560;

    /// <summary>Recorded trials.</summary>
    [Description("Held-out trials whose activity is recorded at the end for the functional analyses (the reference: 640).")]
    public int RecordTrials { get; init; } = 640;

    /// <summary>Learning rate.</summary>
    [Description("Adam learning rate (Keras default 1e-3; ε = 1e-7).")]
    public double Lr { get; init; } = 1e-3;

    /// <summary>Input noise.</summary>
    [Description("Standard deviation of the Gaussian noise added to the inputs during training.")]
    public double Noise { get; init; } = 0.05;

    /// <summary>The label-shuffle control.</summary>
    [Description("Shuffle the training labels by a fixed permutation (seed 38446): the supplementary 'random' control.")]
    public bool ShuffleLabels { get; init; }

    /// <summary>Binarisation density.</summary>
    [Description("Share of the strongest recurrent weights kept for the graph measures (the demo: 0.1).")]
    public double Density { get; init; } = 0.1;

    /// <summary>Louvain restarts.</summary>
    [Description("Louvain restarts for the modularity (the best Q is kept).")]
    public int Restarts { get; init; } = 10;

    /// <summary>Null graphs.</summary>
    [Description("Density-matched random graphs for the small-worldness null (the MATLAB pipeline: 1000).")]
    public int NullGraphs { get; init; } = 100;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Rules.Positive(CommsPower, nameof(CommsPower));
        Rules.Positive(GridX, nameof(GridX)); Rules.Positive(GridY, nameof(GridY)); Rules.Positive(GridZ, nameof(GridZ));
        Rules.Positive(Hidden, nameof(Hidden));
        Rules.Require(Hidden == GridX * GridY * GridZ, nameof(Hidden),
            $"is {Hidden} but the {GridX} × {GridY} × {GridZ} grid has {GridX * GridY * GridZ} units; give --hidden {GridX * GridY * GridZ} or another grid.");
        Rules.Positive(Epochs, nameof(Epochs));
        Rules.Positive(BatchSize, nameof(BatchSize));
        Rules.Require(TrainTrials >= BatchSize, nameof(TrainTrials), $"must be at least one batch ({BatchSize}) (got {TrainTrials}).");
        Rules.Positive(ValidationTrials, nameof(ValidationTrials));
        Rules.AtLeast(RecordTrials, 8, nameof(RecordTrials));
        Rules.Positive(Lr, nameof(Lr));
        Rules.NonNegative(Noise, nameof(Noise));
        Rules.Require(Density is > 0 and <= 1, nameof(Density), $"must be in (0, 1] (got {Rules.Show(Density)}).");
        Rules.Positive(Restarts, nameof(Restarts));
        Rules.Positive(NullGraphs, nameof(NullGraphs));
    }
}
