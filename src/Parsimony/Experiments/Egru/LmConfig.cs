using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Parsimony.Models.Language;
using Parsimony.Runs;

namespace Parsimony.Experiments.Egru;

/// <summary>What a token is.</summary>
public enum TokenLevel
{
    /// <summary>A character (Tiny Shakespeare; bits per character).</summary>
    Char,
    /// <summary>A whitespace-separated word, lines ending in &lt;eos&gt; (WikiText-2; perplexity).</summary>
    Word,
}

/// <summary>
/// Language modelling with the pieces of the AWD-LSTM pipeline of spec egru_eventprop.md §A.6.3 at CPU scale: tied
/// embedding and decoder, variable BPTT with the learning rate rescaled per window, AdamW with β1 = 0, a constant then
/// cosine learning rate, gradient-norm clipping; the hidden state carried across windows. Character level on the
/// shipped Tiny Shakespeare or word level on the shipped WikiText-2 text.
/// </summary>
public sealed record LmConfig : TrainConfig
{
    /// <summary>What a token is.</summary>
    [Description("char (Tiny Shakespeare, bits per character) or word (WikiText-2, perplexity).")]
    public TokenLevel Level { get; init; } = TokenLevel.Char;

    /// <summary>The corpus.</summary>
    [Description("Corpus: a text file for char (default: the shipped tinyshakespeare/input.txt), a folder with valid.txt and test.txt for word (default: the shipped wikitext-2; without train.txt the first 90% of valid.txt is trained on).")]
    public string? Corpus { get; init; }

    /// <summary>The recurrent cell.</summary>
    [Description("Recurrent cell: egru (event-based GRU, the state carried as every layer's y), or the dense baselines gru and lstm.")]
    public SequenceCell Cell { get; init; } = SequenceCell.Egru;

    /// <summary>EGRU threshold initialisation mean.</summary>
    [Description("EGRU: mean of the Beta threshold initialisation, in (0, 1) (the paper's language models: 0.01).")]
    public double ThresholdMean { get; init; } = 0.01;

    /// <summary>EGRU surrogate peak.</summary>
    [Description("EGRU: peak γ of the triangle pseudo-derivative (the paper's language models: 3.6).")]
    public double Dampening { get; init; } = 3.6;

    /// <summary>EGRU surrogate slope.</summary>
    [Description("EGRU: slope s of the triangle pseudo-derivative, support |c − ϑ| < 1/s (the paper's language models: 3.6).")]
    public double Support { get; init; } = 3.6;

    /// <summary>EGRU DropConnect.</summary>
    [Description("EGRU: DropConnect probability on the recurrent matrices (the paper: 0.7 at full size).")]
    public double DropConnect { get; init; }

    /// <summary>Learning-rate multiplier of the thresholds.</summary>
    [Description("EGRU: learning-rate multiplier of the thresholds, which get no weight decay (the paper: 0, frozen).")]
    public double ThresholdLr { get; init; }

    /// <summary>Units per layer: one width for every layer, or one per layer separated by commas (the last is the embedding size, tied).</summary>
    [Description("Units per layer: one width for all --layers, or one per layer separated by commas, input side first (e.g. 1350,1350,750: the EGRU only); the last is also the embedding size, since the decoder is tied to the embedding.")]
    [JsonConverter(typeof(WidthsConverter))]
    public string Hidden { get; init; } = "256";

    /// <summary>Layers (null: 2, or as many as <see cref="Hidden"/> lists).</summary>
    [Description("Recurrent layers (default: 2 for one --hidden width, else as many as --hidden lists).")]
    public int? Layers { get; init; }

    /// <summary>AWD word dropout (dropoute).</summary>
    [Description("Word dropout (AWD-LSTM's dropoute): drop whole rows of the embedding matrix per window, the rest scaled by 1/(1 − p); training only (the paper: 0.1).")]
    public double WordDropout { get; init; }

    /// <summary>AWD variational dropout on the embedded input (dropouti).</summary>
    [Description("Variational (locked) dropout on the embedded input (AWD-LSTM's dropouti, the paper's \"embedding (variational)\" dropout): one mask per window and stream, shared over time; training only (the paper: 0.6 PTB, 0.7 WikiText-2).")]
    public double EmbeddingDropout { get; init; }

    /// <summary>AWD variational dropout between layers (dropouth).</summary>
    [Description("Variational (locked) dropout on each layer's output that feeds the next layer (AWD-LSTM's dropouth): one mask per window and stream; training only, the EGRU only when there are several layers (the paper: 0.25).")]
    public double LayerDropout { get; init; }

    /// <summary>Window length.</summary>
    [Description("Truncated-BPTT window (time steps).")]
    public int Bptt { get; init; } = 70;

    /// <summary>Whether windows vary.</summary>
    [Description("AWD-LSTM variable windows: length max(5, N(bptt', 5)) with bptt' = bptt (95%) or bptt/2, the learning rate scaled by length/bptt'.")]
    public bool VariableBptt { get; init; } = true;

    /// <summary>Parallel streams.</summary>
    [Description("Parallel token streams per step (batch columns).")]
    public int BatchSize { get; init; } = 32;

    /// <summary>Streams when evaluating.</summary>
    [Description("Parallel token streams when evaluating (the paper tests at batch 1).")]
    public int EvalBatchSize { get; init; } = 10;

    /// <summary>Epochs.</summary>
    [Description("Training epochs.")]
    public int Epochs { get; init; } = 3;

    /// <summary>Learning rate.</summary>
    [Description("AdamW learning rate (β1 = 0, β2 = 0.999).")]
    public double Lr { get; init; } = 2e-3;

    /// <summary>Weight decay.</summary>
    [Description("AdamW weight decay.")]
    public double WeightDecay { get; init; } = 0.1;

    /// <summary>First cosine epoch.</summary>
    [Description("Epoch (0-based) from which the learning rate follows a cosine to 0 over the remaining epochs (default: half way).")]
    public int? CosineStart { get; init; }

    /// <summary>Total gradient-norm clip.</summary>
    [Description("Total gradient-norm clip (0: none; the paper 0.1).")]
    public double Clip { get; init; } = 0.25;

    /// <summary>Window cap per epoch.</summary>
    [Description("Train on at most this many windows per epoch (0: the whole training text), for quick runs.")]
    public int MaxBatches { get; init; }

    /// <summary>The corpus path: <see cref="Corpus"/> or the shipped default of the level.</summary>
    public string CorpusPath() => Corpus ?? SharedData.Find(Level == TokenLevel.Char ? "tinyshakespeare/input.txt" : "wikitext-2", nameof(Corpus));

    /// <summary>The first cosine epoch.</summary>
    public int CosineFrom => CosineStart ?? Epochs / 2;

    /// <summary>Units of every layer, input side first: <see cref="Hidden"/>'s list, or its one width repeated <see cref="Layers"/> times.</summary>
    public int[] HiddenSizes()
    {
        var parts = (Hidden ?? "").Split(',', StringSplitOptions.TrimEntries);
        var widths = parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0).ToArray();
        Rules.Require(widths.All(v => v > 0), nameof(Hidden), $"takes one positive whole number, or one per layer separated by commas, e.g. 1350,1350,750 (got '{Text.Quote(Hidden ?? "")}').");
        if (widths.Length == 1) return [.. Enumerable.Repeat(widths[0], Layers ?? 2)];
        Rules.Require(Layers is null || Layers == widths.Length, nameof(Layers),
            $"is {Layers} but {{{nameof(Hidden)}}} lists {widths.Length} widths ({Hidden}): give one of them, or make them agree.");
        return widths;
    }

    /// <summary>The embedding width: the last layer's, since the decoder is tied to the embedding.</summary>
    public int EmbeddingSize => HiddenSizes()[^1];

    /// <summary>The AWD dropouts drawn from <paramref name="masks"/>.</summary>
    public AwdDropout Dropout(TorchSharp.torch.Generator? masks) => new(WordDropout, EmbeddingDropout, LayerDropout, masks);

    /// <summary>The EGRU stack's spec: <see cref="HiddenSizes"/> on the embedding, in-layer clipping at <see cref="Clip"/>.</summary>
    public Models.Egru.EgruSpec EgruSpec() =>
        new(EmbeddingSize, HiddenSizes(), ThresholdMean, Dampening, Support, DropConnect, GradClip: Clip);

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        var corpus = CorpusPath();
        if (Level == TokenLevel.Char)
            Rules.Require(File.Exists(corpus), nameof(Corpus), $"is '{corpus}', which is not a file (a character-level corpus is one text file).");
        else
            Rules.Require(Directory.Exists(corpus), nameof(Corpus), $"is '{corpus}', which is not a folder (a word-level corpus is a folder with valid.txt and test.txt).");
        if (Layers is int layers) Rules.Positive(layers, nameof(Layers));
        var widths = HiddenSizes();
        if (Cell != SequenceCell.Egru)
        {
            Rules.Require(widths.Distinct().Count() == 1, nameof(Hidden),
                $"lists different widths ({Hidden}), which only the EGRU stack has: the {Cell.ToString().ToLowerInvariant()} baseline is libtorch's multi-layer cell, one width for all layers.");
            Rules.Require(LayerDropout == 0 || widths.Length == 1, nameof(LayerDropout),
                $"is {Rules.Show(LayerDropout)}, but the {Cell.ToString().ToLowerInvariant()} baseline runs its layers as one libtorch module, which has no place between them for a mask: use --cell egru or 0.");
        }
        Rules.Share(WordDropout, nameof(WordDropout));
        Rules.Share(EmbeddingDropout, nameof(EmbeddingDropout));
        Rules.Share(LayerDropout, nameof(LayerDropout));
        Rules.AtLeast(Bptt, 5, nameof(Bptt));
        Rules.Positive(BatchSize, nameof(BatchSize));
        Rules.Positive(EvalBatchSize, nameof(EvalBatchSize));
        Rules.Positive(Epochs, nameof(Epochs));
        Rules.Positive(Lr, nameof(Lr));
        Rules.NonNegative(WeightDecay, nameof(WeightDecay));
        Rules.NonNegative(Clip, nameof(Clip));
        Rules.NonNegative(MaxBatches, nameof(MaxBatches));
        Rules.NonNegative(ThresholdLr, nameof(ThresholdLr));
        if (Cell == SequenceCell.Egru) EgruSpec().Validate();
        Rules.Require(CosineFrom >= 0 && CosineFrom < Epochs, nameof(CosineStart), $"must be an epoch in 0 … {Epochs - 1} (got {CosineFrom}).");
    }
}

/// <summary>Reads <see cref="LmConfig.Hidden"/> from a JSON string or, as runs before the width list saved it, a number.</summary>
sealed class WidthsConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType == JsonTokenType.Number
        ? reader.GetInt64().ToString(CultureInfo.InvariantCulture)
        : reader.GetString() ?? throw new JsonException("hidden must be a width or a list of widths, not null.");

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
