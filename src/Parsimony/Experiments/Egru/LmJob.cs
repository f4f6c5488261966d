using System.Text.Json.Nodes;
using Parsimony.Models.Egru;
using Parsimony.Models.Language;
using Parsimony.Models.Rnn;
using Parsimony.Runs;
using Parsimony.Tasks.Language;
using Parsimony.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Egru;

/// <summary>
/// Character- or word-level language modelling (<see cref="LmConfig"/>) with a tied EGRU, GRU or LSTM language model: one
/// window per step, the state carried (detached) from window to window and reset every epoch; validation after every
/// epoch and the test split at the end, in nats per token and in bits per character or perplexity. An epoch is at most
/// the fixed-window count of steps: variable windows end it when the text is used up, or leave its last rows out.
/// </summary>
public sealed class LmJob : IAutogradJob
{
    readonly LmConfig config;
    readonly ITokenSplits corpus;
    readonly nn.Module model;
    readonly ICarryingLanguageModel language;
    readonly EgruLanguageModel? egru;
    readonly double[] groupLr;                                       // each optimizer group's learning-rate multiplier
    readonly Tensor train, valid, test;
    readonly int windowsPerEpoch;
    IReadOnlyList<BpttWindow> windows = [];
    Tensor[]? state;
    double epochLr, lossSum, tokens;
    int window;                                                        // the next window of this epoch

    /// <summary>Reads the corpus and initialises the model from <c>config.Seed</c>.</summary>
    public LmJob(LmConfig config, ComputeContext context)
    {
        config.Validate();
        this.config = config;
        corpus = config.Level == TokenLevel.Char ? new CharCorpus(config.CorpusPath()) : new Corpus(config.CorpusPath());
        var device = context.Device;
        train = Corpus.Batchify(corpus.Train, config.BatchSize, device);
        valid = Corpus.Batchify(corpus.Valid, config.EvalBatchSize, device);
        test = Corpus.Batchify(corpus.Test, config.EvalBatchSize, device);
        int full = (int)((train.shape[0] - 2) / config.Bptt + 1);
        windowsPerEpoch = config.MaxBatches > 0 ? Math.Min(config.MaxBatches, full) : full;
        var rng = new RngStreams();
        // Its own stream, added only when a dropout is on, so runs without dropout keep their checkpoints' streams.
        var dropout = config.Dropout(config.WordDropout > 0 || config.EmbeddingDropout > 0 || config.LayerDropout > 0 ? rng.Add("dropout", (ulong)config.Seed + 3) : null);
        TorchSharp.Modules.OptimizerHelper optimizer;
        if (config.Cell == SequenceCell.Egru)
        {
            var spec = config.EgruSpec() with { Backend = device.type == DeviceType.CPU ? EgruBackend.Sparse : EgruBackend.Autograd };
            egru = RngStreams.Seeded(config.Seed, () => new EgruLanguageModel(spec, corpus.VocabularySize));
            egru.Network.Masks = rng.Add("masks", (ulong)config.Seed + 2);
            egru.Dropout = dropout;
            model = egru.to(device);
            language = egru;
            var thresholds = egru.Network.Thresholds().Select(t => t.Handle).ToHashSet();
            optimizer = optim.AdamW(new[]
            {
                new TorchSharp.Modules.AdamW.ParamGroup(model.parameters().Where(p => !thresholds.Contains(p.Handle)), config.Lr, 0, 0.999, 1e-8, config.WeightDecay),
                new TorchSharp.Modules.AdamW.ParamGroup(egru.Network.Thresholds(), config.Lr * config.ThresholdLr, 0, 0.999, 1e-8, 0),
            }, config.Lr, 0, 0.999);
            groupLr = [1, config.ThresholdLr];
        }
        else
        {
            var cellKind = config.Cell == SequenceCell.Lstm ? CellKind.Lstm : CellKind.Gru;
            var widths = config.HiddenSizes();
            var tied = RngStreams.Seeded(config.Seed, () => new TiedLanguageModel(cellKind, corpus.VocabularySize, widths[0], widths.Length));
            tied.Dropout = dropout;
            model = tied.to(device);
            language = tied;
            optimizer = optim.AdamW(model.parameters(), config.Lr, beta1: 0, beta2: 0.999, weight_decay: config.WeightDecay);
            groupLr = [1];
        }
        State = new TrainingState(model, optimizer, rng);
    }

    /// <inheritdoc/>
    public string Name => "egru-lm";
    /// <inheritdoc/>
    public IReadOnlyList<string> Notes => [];
    /// <inheritdoc/>
    public int Epochs => config.Epochs;
    /// <inheritdoc/>
    public int StepsPerEpoch => windowsPerEpoch;
    /// <inheritdoc/>
    public double? ClipNorm => config.Clip > 0 ? config.Clip : null;
    /// <inheritdoc/>
    public TrainingState State { get; }

    /// <summary>The learning rate of <paramref name="epoch"/>: constant, then a cosine to 0 from <see cref="LmConfig.CosineFrom"/>.</summary>
    public double EpochLr(int epoch) => epoch < config.CosineFrom ? config.Lr
        : config.Lr * 0.5 * (1 + Math.Cos(Math.PI * (epoch - config.CosineFrom) / (config.Epochs - config.CosineFrom)));

    /// <inheritdoc/>
    public void BeginEpoch(int epoch)
    {
        windows = BpttWindows.Draw(train.shape[0], config.Bptt, config.VariableBptt, WindowSeed(config.Seed, epoch));
        epochLr = EpochLr(epoch);
        Reset();
        lossSum = tokens = 0;
        window = 0;
    }

    /// <summary>The seed of an epoch's windows: a fixed mix of the run's seed and the epoch (not <see cref="HashCode"/>, which differs from process to process).</summary>
    static int WindowSeed(long seed, int epoch)
    {
        ulong z = (ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)epoch + 0x1b97UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFF_FFFF);
    }

    void Reset()
    {
        foreach (var t in state ?? []) t.Dispose();
        state = null;
    }

    /// <inheritdoc/>
    public bool EndsEpochEarly(int stepInEpoch, double loss) => window >= windows.Count;

    /// <inheritdoc/>
    public bool NeedsEveryLoss => true;

    /// <inheritdoc/>
    public (Tensor Loss, IReadOnlyDictionary<string, double> Metrics) Loss(long step)
    {
        model.train();
        var w = windows[window++];                                       // epochs may end early (variable windows), so not step % StepsPerEpoch
        int g = 0;
        foreach (var group in State.Optimizer.ParamGroups) group.LearningRate = epochLr * w.LrScale * groupLr[g++];
        var (logits, next) = language.Run(train.narrow(0, w.Start, w.Length), state);
        Reset();
        state = [.. next.Select(t => t.detach().MoveToOuterDisposeScope())];
        var loss = nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), train.narrow(0, w.Start + 1, w.Length).flatten());
        double n = w.Length * config.BatchSize;
        lossSum += loss.item<float>() * n; tokens += n;
        return (loss, new Dictionary<string, double>());
    }

    /// <summary>
    /// Mean negative log-likelihood per token (nats) of a batchified split, the state carried across fixed windows, and
    /// for the EGRU the share of unit-steps without an event (NaN for the dense baselines).
    /// </summary>
    (double Loss, double ActivitySparsity) Evaluate(Tensor source)
    {
        using var _ = no_grad();
        model.eval();
        Tensor[]? carried = null;
        double sum = 0, count = 0, events = 0, elements = 0;
        foreach (var (start, length) in Corpus.Chunks(source.shape[0], config.Bptt))
        {
            using var scope = NewDisposeScope();
            var (logits, next) = language.Run(source.narrow(0, start, length), carried);
            sum += nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), source.narrow(0, start + 1, length).flatten(), reduction: nn.Reduction.Sum).item<float>();
            count += length * source.shape[1];
            if (egru is not null)
            {
                double n = egru.LastOutputs.Sum(o => (double)o.O.numel());
                events += (1 - EgruMetrics.ActivitySparsity(egru.LastOutputs)) * n;
                elements += n;
            }
            foreach (var t in carried ?? []) t.Dispose();
            carried = [.. next.Select(t => t.MoveToOuterDisposeScope())];
        }
        foreach (var t in carried ?? []) t.Dispose();
        return (sum / count, elements > 0 ? 1 - events / elements : double.NaN);
    }

    /// <summary>The level's own measure of a loss in nats per token: bits per character or perplexity.</summary>
    (string Name, double Value) Measure(string split, double nats) => config.Level == TokenLevel.Char
        ? ($"{split}_bpc", nats / Math.Log(2)) : ($"{split}_ppl", Math.Exp(nats));

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> EndEpoch(int epoch)
    {
        var (validLoss, sparsity) = Evaluate(valid);
        var (name, value) = Measure("valid", validLoss);
        var metrics = new Dictionary<string, double>
        {
            ["train_loss"] = lossSum / Math.Max(1, tokens),
            ["valid_loss"] = validLoss,
            [name] = value,
            ["lr"] = epochLr,
        };
        if (egru is not null) metrics["activity_sparsity"] = sparsity;
        return metrics;
    }

    /// <inheritdoc/>
    public JsonObject Summarize()
    {
        var (testLoss, sparsity) = Evaluate(test);
        double validLoss = Evaluate(valid).Loss;
        var (testName, testValue) = Measure("test", testLoss);
        var (validName, validValue) = Measure("valid", validLoss);
        var summary = new JsonObject
        {
            ["test_loss"] = testLoss,
            [testName] = testValue,
            ["valid_loss"] = validLoss,
            [validName] = validValue,
            ["cell"] = config.Cell.ToString().ToLowerInvariant(),
            ["hidden_sizes"] = string.Join(",", config.HiddenSizes()),
            ["parameters"] = model.parameters().Sum(p => p.numel()),
            ["vocabulary"] = corpus.VocabularySize,
            ["corpus"] = corpus.Description,
            ["train_tokens"] = corpus.Train.Length,
            ["test_tokens"] = corpus.Test.Length,
        };
        if (egru is not null) summary["activity_sparsity"] = sparsity;
        return summary;
    }

    /// <inheritdoc/>
    public IEnumerable<NamedFigure> Figures() => [];

    /// <inheritdoc/>
    public Glossary Glossary() => JobOutput.Common()
        .Add("loss", "Cross-entropy of the window's next-token predictions.", "nats")
        .Add("train_loss", "Mean cross-entropy per token over the epoch's training windows.", "nats")
        .Add("valid_loss", "Mean cross-entropy per token of the validation split, the state carried across windows.", "nats")
        .Add("test_loss", "Mean cross-entropy per token of the test split, the state carried across windows.", "nats")
        .Add("valid_bpc", "Validation bits per character: valid_loss / ln 2.", "bits")
        .Add("test_bpc", "Test bits per character: test_loss / ln 2.", "bits")
        .Add("valid_ppl", "Validation perplexity: exp(valid_loss).")
        .Add("test_ppl", "Test perplexity: exp(test_loss).")
        .Add("lr", "The epoch's learning rate before the per-window rescaling of variable BPTT.")
        .Add("activity_sparsity", "EGRU: share of unit-steps without an event (all layers) on the evaluated split.")
        .Add("cell", "The recurrent cell.")
        .Add("hidden_sizes", "Units of every layer, input side first (the last is the embedding size).")
        .Add("parameters", "Trained parameters (the decoder shares the embedding).")
        .Add("vocabulary", "Distinct tokens.")
        .Add("corpus", "The corpus and its splits.")
        .Add("train_tokens", "Training tokens.")
        .Add("test_tokens", "Test tokens.");

    /// <inheritdoc/>
    public void Dispose()
    {
        Reset();
        State.Optimizer.Dispose();
        model.Dispose();
        State.Rng.Dispose();
        train.Dispose(); valid.Dispose(); test.Dispose();
    }
}
