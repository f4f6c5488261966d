using System.ComponentModel;
using Parsimony.Models.Rnn;
using Parsimony.Regularization;
using Parsimony.Sparsity;

namespace Parsimony.Experiments.Moduli.Language;

/// <summary>
/// Word-level language modelling as in the moduli paper (spec moduli.md §3.2): a 3-layer tanh Elman RNN of 650 units
/// between a 650-wide embedding and decoder, truncated BPTT of 35 with the hidden state carried, plain SGD from lr 20 with
/// gradient-norm clip 0.25 and lr ÷ 4 whenever validation loss fails to improve, λ = 0.1 moduli penalty on every layer's
/// recurrent matrix (each with its own embedding) plus mean-|W| terms on the input matrices, embedding and decoder
/// (<see cref="PenaltyScope.V1"/>: layer 0's recurrent matrix only),
/// 15 epochs with the delayed pruning schedule to 90%.
/// </summary>
public sealed record LanguageConfig : SparseRnnConfig
{
    /// <summary>The paper's shared defaults.</summary>
    public LanguageConfig() => Epochs = 15;

    /// <summary>Corpus folder.</summary>
    [Description("Corpus folder with valid.txt and test.txt (and optionally train.txt); without train.txt the model trains on the first 90% of valid.txt. Default: the shipped wikitext-2 (shared/data, found above the current or the program's folder or in $PARSIMONY_DATA).")]
    public string? Corpus { get; init; }

    /// <summary>The corpus folder: <see cref="Corpus"/> or the shipped WikiText-2.</summary>
    public string CorpusFolder() => Corpus ?? SharedData.Find("wikitext-2", nameof(Corpus));

    /// <summary>Units per layer (= embedding width).</summary>
    [Description("Units per recurrent layer (= embedding width).")]
    public int Hidden { get; init; } = 650;

    /// <summary>Recurrent layers.</summary>
    [Description("Recurrent layers (the v1-era logs used 2).")]
    public int Layers { get; init; } = 3;

    /// <summary>Elman nonlinearity.</summary>
    [Description("Elman nonlinearity: tanh or relu.")]
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>Training columns.</summary>
    [Description("Training batch (columns of the batchified corpus).")]
    public int BatchSize { get; init; } = 20;

    /// <summary>Evaluation columns.</summary>
    [Description("Evaluation batch.")]
    public int EvalBatchSize { get; init; } = 10;

    /// <summary>Truncated-BPTT window.</summary>
    [Description("Truncated-BPTT window in tokens.")]
    public int Bptt { get; init; } = 35;

    /// <summary>Initial SGD learning rate.</summary>
    [Description("Initial SGD learning rate (divided by 4 whenever validation loss fails to improve).")]
    public double Lr { get; init; } = 20;

    /// <summary>Gradient-norm clip.</summary>
    [Description("Total gradient-norm clip.")]
    public double Clip { get; init; } = 0.25;

    /// <summary>Which matrices the penalty covers.</summary>
    [Description("Penalty scope: head (the reference's current code: every layer's W_hh with its own embedding, plus mean-|W| terms on the input matrices, embedding and decoder) or v1 (the v1-era code behind the §4.4 stability logs: layer 0's W_hh only).")]
    public PenaltyScope PenaltyScope { get; init; } = PenaltyScope.Head;

    /// <summary>Cap on training windows per epoch.</summary>
    [Description("Train on at most this many BPTT windows per epoch (0 = all).")]
    public int MaxBatches { get; init; }

    /// <inheritdoc/>
    protected override PruningSchedule Schedule => PruningSchedule.Delayed;

    /// <summary>
    /// With <see cref="SparseRnnConfig.LegacyQuirks"/> a <c>ripple</c> inhibitor becomes the identity, as in the
    /// reference's language-model code, which has no ripple branch.
    /// </summary>
    protected override Inhibitor EffectiveInhibitor => LegacyQuirks && Inhibitor == Inhibitor.Ripple ? Inhibitor.None : Inhibitor;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Rules.Positive(Hidden, nameof(Hidden));
        Rules.Positive(Layers, nameof(Layers));
        Rules.Positive(BatchSize, nameof(BatchSize));
        Rules.Positive(EvalBatchSize, nameof(EvalBatchSize));
        Rules.Positive(Bptt, nameof(Bptt));
        Rules.Positive(Lr, nameof(Lr));
        Rules.NonNegative(Clip, nameof(Clip));
        Rules.AtLeast(MaxBatches, 0, nameof(MaxBatches));
        var corpus = CorpusFolder();
        Rules.Require(Directory.Exists(corpus), nameof(Corpus), $"is '{corpus}', which is not a folder.");
        foreach (var split in new[] { "valid.txt", "test.txt" })
            Rules.Require(File.Exists(Path.Combine(corpus, split)), nameof(Corpus), $"is '{corpus}', which has no {split}; it needs valid.txt and test.txt (and optionally train.txt).");
    }
}
