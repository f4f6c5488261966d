using System.ComponentModel;
using Parsimony.Models.Rnn;

namespace Parsimony.Experiments.Moduli.Adding;

/// <summary>
/// The adding problem as in the moduli paper's code (spec moduli.md §3.3): 10,000 fixed training sequences of 30
/// steps, batch 32, Adam 1e-4, gradient-norm clip 0.5, λ = 1e-3 torus DoG on the recurrent matrix, 50 epochs of gradual
/// pruning to 90% and 3 stabilizer epochs; plus a held-out test set the reference lacks.
/// </summary>
public sealed record AddingConfig : SparseRnnConfig
{
    /// <summary>The paper's defaults for the parts shared with other tasks.</summary>
    public AddingConfig()
    {
        Lambda = 1e-3;
        Epochs = 50;
        StabilizerEpochs = 3;
    }

    /// <summary>Steps per sequence.</summary>
    [Description("Steps per sequence (the reference uses 30; its Nov-2024 version 50).")]
    public int SequenceLength { get; init; } = 30;

    /// <summary>Training samples, drawn once.</summary>
    [Description("Training sequences, drawn once from the seed.")]
    public int TrainSamples { get; init; } = 10_000;

    /// <summary>Held-out test samples.</summary>
    [Description("Held-out test sequences (the reference has none and reports training MSE).")]
    public int TestSamples { get; init; } = 2_000;

    /// <summary>Hidden units.</summary>
    [Description("Hidden units of the recurrent layer.")]
    public int Hidden { get; init; } = 128;

    /// <summary>Recurrent cell.</summary>
    [Description("Recurrent cell: elman, lstm or gru.")]
    public CellKind Cell { get; init; } = CellKind.Elman;

    /// <summary>Elman nonlinearity.</summary>
    [Description("Elman nonlinearity: relu or tanh.")]
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>Minibatch size.</summary>
    [Description("Minibatch size.")]
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam learning rate.</summary>
    [Description("Adam learning rate.")]
    public double Lr { get; init; } = 1e-4;

    /// <summary>Total gradient-norm clip.</summary>
    [Description("Total gradient-norm clip (0 = none).")]
    public double Clip { get; init; } = 0.5;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Rules.AtLeast(SequenceLength, 2, nameof(SequenceLength));
        Rules.Positive(TrainSamples, nameof(TrainSamples));
        Rules.Positive(TestSamples, nameof(TestSamples));
        Rules.Positive(Hidden, nameof(Hidden));
        Rules.Positive(BatchSize, nameof(BatchSize));
        Rules.Positive(Lr, nameof(Lr));
        Rules.NonNegative(Clip, nameof(Clip));
    }
}
