using System.Text.Json.Nodes;
using Parsimony.Experiments.Sparse;
using Parsimony.Regularization;
using Parsimony.Reports;
using Parsimony.Tasks.Language;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Language;

/// <summary>Loss, perplexity and next-word accuracy of one evaluation pass.</summary>
/// <param name="Loss">Mean negative log-likelihood per token (nats).</param>
/// <param name="Accuracy">Share of tokens whose top-1 prediction is right.</param>
/// <param name="LegacyAccuracy">The reference code's value: correct / (length of the last window × (rows − 1)), i.e. true × batch / last length.</param>
public readonly record struct LanguageScores(double Loss, double Accuracy, double LegacyAccuracy)
{
    /// <summary>exp(loss).</summary>
    public double Perplexity => Math.Exp(Loss);
}

/// <summary>
/// Trains <see cref="LanguageModel"/> with truncated BPTT (hidden state carried, detached, reset each epoch), plain SGD
/// with lr ÷ 4 on a validation loss that fails to improve, moduli regularization and the delayed pruning schedule; reports
/// test loss, perplexity, the correct accuracy and the reference's mis-normalised "legacy" accuracy.
/// Very large losses early on at lr 20 are expected (as in the reference), not a failure; a NaN stops the run.
/// </summary>
public sealed class LanguageExperiment : SparseRnnExperiment
{
    readonly LanguageConfig config;
    readonly LanguageModel model;
    readonly Corpus corpus;
    readonly Tensor train, valid, test;
    readonly (long Start, long Length)[] chunks;
    readonly List<Parameter> extraL1;
    Tensor? hidden;
    double lr, bestValidLoss = double.PositiveInfinity;

    /// <summary>Reads the corpus and builds the model from <c>config.Seed</c>.</summary>
    public LanguageExperiment(LanguageConfig config, Device device) : base(config, device)
    {
        this.config = config;
        corpus = new Corpus(config.Corpus);
        train = Corpus.Batchify(corpus.Train, config.BatchSize, device);
        valid = Corpus.Batchify(corpus.Valid, config.EvalBatchSize, device);
        test = Corpus.Batchify(corpus.Test, config.EvalBatchSize, device);
        chunks = Corpus.Chunks(train.shape[0], config.Bptt).ToArray();
        if (config.MaxBatches > 0) chunks = chunks.Take(config.MaxBatches).ToArray();
        lr = config.Lr;
        random.manual_seed(config.Seed);
        model = new LanguageModel(corpus.VocabularySize, config.Hidden, config.Layers, config.Activation);
        model.to(device);
        bool v1 = config.PenaltyScope == PenaltyScope.V1;
        var penalized = model.Rnn.RecurrentWeights().Take(v1 ? 1 : int.MaxValue).Select(w => new PenalizedWeight("rnn." + w.Name, w.Weight)).ToList();
        extraL1 = v1 ? [] : model.ExtraL1Weights().ToList();
        Initialize(model, model.PrunedWeights().ToList(), penalized, new Dictionary<string, Generator>());
    }

    /// <inheritdoc/>
    public override string Name => "lm";
    /// <inheritdoc/>
    public override int StepsPerEpoch => chunks.Length;
    /// <inheritdoc/>
    public override double? ClipNorm => config.Clip > 0 ? config.Clip : null;

    /// <summary>The corpus (vocabulary size, splits).</summary>
    public Corpus Corpus => corpus;

    /// <inheritdoc/>
    protected override OptimizerHelper CreateOptimizer(IEnumerable<Parameter> parameters) => optim.SGD(parameters, lr);

    /// <inheritdoc/>
    protected override nn.Module CreateFreshModel() => new LanguageModel(corpus.VocabularySize, config.Hidden, config.Layers, config.Activation);

    /// <inheritdoc/>
    protected override void OnLotteryStart() => lr = config.Lr; // the reference resets lr to 20 and keeps the best validation loss

    /// <inheritdoc/>
    protected override void OnBeginEpoch(int epoch)
    {
        hidden?.Dispose();
        hidden = null;
    }

    /// <inheritdoc/>
    public override (Tensor Loss, IReadOnlyDictionary<string, double> Metrics) Loss(long step)
    {
        model.train();
        var (start, length) = chunks[step % chunks.Length];
        var (logits, last) = model.call(train.narrow(0, start, length), hidden);
        hidden?.Dispose();
        hidden = last.detach().MoveToOuterDisposeScope();
        var nll = nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), train.narrow(0, start + 1, length).flatten());
        var loss = Regularized(nll);
        if (Regularizer is not null || config.LegacyQuirks)
            foreach (var w in extraL1) loss = loss + config.Lambda * w.abs().mean();
        return (loss, new Dictionary<string, double>());
    }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double> EndEpoch(int epoch)
    {
        var scores = Evaluate(valid);
        if (scores.Loss < bestValidLoss) bestValidLoss = scores.Loss;
        else
        {
            lr /= 4;
            foreach (var group in State.Optimizer.ParamGroups) group.LearningRate = lr;
        }
        var metrics = SparsityMetrics(epoch, model.Rnn.RecurrentWeights().Select(w => (Tensor)w.Weight));
        metrics["valid_loss"] = scores.Loss;
        metrics["valid_ppl"] = scores.Perplexity;
        metrics["valid_accuracy"] = scores.Accuracy;
        metrics["lr"] = lr;
        return metrics;
    }

    /// <summary>Evaluates on a batchified source with the hidden state carried across windows.</summary>
    public LanguageScores Evaluate(Tensor source)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        Tensor? h = null;
        double total = 0;
        long correct = 0, last = 0;
        foreach (var (start, length) in Corpus.Chunks(source.shape[0], config.Bptt))
        {
            using var window = NewDisposeScope(); // logits of a window are [bptt, batch, vocabulary]: free them each time
            var (logits, next) = model.call(source.narrow(0, start, length), h);
            h?.Dispose();
            h = next.MoveToOuterDisposeScope();
            var targets = source.narrow(0, start + 1, length).flatten();
            var flat = logits.view(-1, logits.shape[^1]);
            total += length * nn.functional.cross_entropy(flat, targets).item<float>();
            correct += (flat.argmax(1) == targets).sum().item<long>();
            last = length;
        }
        long rows = source.shape[0] - 1, columns = source.shape[1];
        return new LanguageScores(total / rows, (double)correct / (rows * columns), (double)correct / (last * rows));
    }

    /// <inheritdoc/>
    protected override Dictionary<string, double> Summary()
    {
        var t = Evaluate(test);
        var v = Evaluate(valid);
        var summary = new Dictionary<string, double>
        {
            ["test_loss"] = t.Loss, ["test_ppl"] = t.Perplexity, ["test_accuracy"] = t.Accuracy, ["test_accuracy_legacy"] = t.LegacyAccuracy,
            ["valid_loss"] = v.Loss, ["valid_ppl"] = v.Perplexity, ["vocabulary"] = corpus.VocabularySize, ["final_lr"] = lr,
            ["recurrent_below_1e-3"] = ShareBelow1e3(model.Rnn.RecurrentWeights().Select(w => (Tensor)w.Weight)),
        };
        if (Pruner is not null) summary["sparsity"] = Pruner.Sparsity();
        return summary;
    }

    /// <inheritdoc/>
    public override JsonObject SaveExtra()
    {
        var extra = base.SaveExtra();
        extra["lr"] = lr;
        extra["best_valid_loss"] = double.IsFinite(bestValidLoss) ? bestValidLoss : null;
        return extra;
    }

    /// <inheritdoc/>
    public override void LoadExtra(JsonObject extra)
    {
        base.LoadExtra(extra);
        lr = (double?)extra["lr"] ?? config.Lr;
        bestValidLoss = (double?)extra["best_valid_loss"] ?? double.PositiveInfinity;
        foreach (var group in State.Optimizer.ParamGroups) group.LearningRate = lr;
    }

    /// <inheritdoc/>
    public override void WriteFigures(string figuresDir)
    {
        using var _ = no_grad();
        Figures.OrderedMatrix(Path.Combine(figuresDir, "recurrent-weights-ordered.png"),
            $"|W_hh| of layer 0 ordered along the {Regularizer?.Space?.Name ?? "index"}", model.Rnn.RecurrentWeights().First().Weight.abs(), NeuronOrder(config.Hidden));
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        hidden?.Dispose();
        train.Dispose();
        valid.Dispose();
        test.Dispose();
        base.Dispose();
    }
}
