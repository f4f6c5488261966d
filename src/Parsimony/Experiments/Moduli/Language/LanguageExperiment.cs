using System.Text.Json.Nodes;
using Parsimony.Models.Language;
using Parsimony.Runs;
using Parsimony.Tasks.Language;
using Parsimony.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Moduli.Language;

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
/// Word-level language modelling as in the moduli paper (spec moduli.md §3.2): <see cref="WordLanguageModel"/> trained
/// with truncated BPTT (hidden state carried, detached, reset each epoch), plain SGD with lr ÷ 4 on a validation loss
/// that fails to improve, moduli regularization and the delayed pruning schedule (<see cref="ModuliTraining"/>); reports
/// test loss, perplexity, the correct accuracy and the reference's mis-normalised "legacy" accuracy. Very large losses
/// early on at lr 20 are expected (as in the reference), not a failure; a NaN stops the run.
/// </summary>
public sealed class LanguageExperiment : IAutogradJob
{
    readonly LanguageConfig config;
    readonly Device device;
    readonly WordLanguageModel model;
    readonly ModuliTraining moduli;
    readonly Corpus corpus;
    readonly Tensor train, valid, test;
    readonly (long Start, long Length)[] chunks;
    readonly IReadOnlyList<Parameter> extraL1;
    readonly RngStreams rng = new();
    Tensor? hidden;
    double lr, bestValidLoss = double.PositiveInfinity;

    /// <summary>Reads the corpus and builds the model from <c>config.Seed</c>.</summary>
    public LanguageExperiment(LanguageConfig config, ComputeContext context)
    {
        config.Validate();
        this.config = config;
        device = context.Device;
        corpus = new Corpus(config.CorpusFolder());
        train = Corpus.Batchify(corpus.Train, config.BatchSize, device);
        valid = Corpus.Batchify(corpus.Valid, config.EvalBatchSize, device);
        test = Corpus.Batchify(corpus.Test, config.EvalBatchSize, device);
        chunks = Corpus.Chunks(train.shape[0], config.Bptt).ToArray();
        if (config.MaxBatches > 0) chunks = chunks.Take(config.MaxBatches).ToArray();
        lr = config.Lr;
        model = RngStreams.Seeded(config.Seed, NewModel);
        model.to(device);
        bool v1 = config.PenaltyScope == PenaltyScope.V1;
        extraL1 = v1 ? [] : model.ExtraL1Weights();
        moduli = new ModuliTraining(config, model, model.PrunedWeights(), model.RecurrentWeights().Take(v1 ? 1 : int.MaxValue).ToList(), NewModel);
        State = new TrainingState(model, CreateOptimizer(), rng);
    }

    WordLanguageModel NewModel() => new(corpus.VocabularySize, config.Hidden, config.Layers, config.Activation);

    OptimizerHelper CreateOptimizer() => optim.SGD(model.parameters(), lr);

    /// <inheritdoc/>
    public string Name => "lm";
    /// <inheritdoc/>
    public int Epochs => moduli.Plan.TotalEpochs;
    /// <inheritdoc/>
    public int StepsPerEpoch => chunks.Length;
    /// <inheritdoc/>
    public double? ClipNorm => config.Clip > 0 ? config.Clip : null;
    /// <inheritdoc/>
    public TrainingState State { get; private set; }

    /// <summary>The corpus (vocabulary size, splits).</summary>
    public Corpus Corpus => corpus;

    /// <inheritdoc/>
    public void BeginEpoch(int epoch)
    {
        moduli.BeginEpoch(epoch, Summary, () =>
        {
            lr = config.Lr;   // the reference resets lr to 20 and keeps the best validation loss
            State = State with { Optimizer = CreateOptimizer() };
        });
        hidden?.Dispose();
        hidden = null;
    }

    /// <inheritdoc/>
    public (Tensor Loss, IReadOnlyDictionary<string, double> Metrics) Loss(long step)
    {
        model.train();
        var (start, length) = chunks[step % chunks.Length];
        var (logits, last) = model.call(train.narrow(0, start, length), hidden);
        hidden?.Dispose();
        hidden = last.detach().MoveToOuterDisposeScope();
        var nll = nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), train.narrow(0, start + 1, length).flatten());
        var loss = moduli.Regularized(nll);
        if (moduli.Regularizer is not null || config.LegacyQuirks)
            foreach (var w in extraL1) loss = loss + config.Lambda * w.abs().mean();
        return (loss, new Dictionary<string, double>());
    }

    /// <inheritdoc/>
    public void AfterBackward() => moduli.AfterBackward();

    /// <inheritdoc/>
    public void AfterStep() => moduli.AfterStep();

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> EndEpoch(int epoch)
    {
        var scores = Evaluate(valid);
        if (scores.Loss < bestValidLoss) bestValidLoss = scores.Loss;
        else
        {
            lr /= 4;
            foreach (var group in State.Optimizer.ParamGroups) group.LearningRate = lr;
        }
        var metrics = moduli.Metrics(epoch, Recurrent());
        metrics["valid_loss"] = scores.Loss;
        metrics["valid_ppl"] = scores.Perplexity;
        metrics["valid_accuracy"] = scores.Accuracy;
        metrics["lr"] = lr;
        return metrics;
    }

    IEnumerable<Tensor> Recurrent() => model.RecurrentWeights().Select(w => (Tensor)w.Weight);

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

    Dictionary<string, double> Summary()
    {
        var t = Evaluate(test);
        var v = Evaluate(valid);
        var summary = new Dictionary<string, double>
        {
            ["test_loss"] = t.Loss, ["test_ppl"] = t.Perplexity, ["test_accuracy"] = t.Accuracy, ["test_accuracy_legacy"] = t.LegacyAccuracy,
            ["valid_loss"] = v.Loss, ["valid_ppl"] = v.Perplexity, ["vocabulary"] = corpus.VocabularySize, ["final_lr"] = lr,
            ["recurrent_below_1e-3"] = Sparsity.SmallWeights.ShareBelow1e3(Recurrent()),
        };
        if (moduli.Pruner is not null) summary["sparsity"] = moduli.Pruner.Sparsity();
        return summary;
    }

    /// <inheritdoc/>
    public JsonObject Summarize() => JobOutput.ToJson(moduli.Complete(Summary()));

    /// <inheritdoc/>
    public IEnumerable<NamedFigure> Figures()
    {
        using var _ = no_grad();
        yield return JobOutput.OrderedMatrixFigure("recurrent-weights-ordered", $"|W_hh| of layer 0 at the end, ordered along the {moduli.OrderName}",
            model.Rnn.RecurrentWeight(0).abs(), moduli.NeuronOrder(config.Hidden), JobOutput.TrainedMatrixCaption(moduli.OrderName));
        foreach (var figure in moduli.Figures("recurrent matrix of layer 0")) yield return figure;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Notes => moduli.Notes();

    /// <inheritdoc/>
    public Glossary Glossary() => JobOutput.Common().Merge(ModuliTraining.Glossary())
        .Add("loss", "Training loss of the logged window: next-word cross-entropy plus the moduli penalty (and the reference's mean-|W| terms).", "nats")
        .Add("test_loss", "Mean negative log-likelihood per token of the test split, the hidden state carried across windows.", "nats")
        .Add("test_ppl", "Perplexity of the test split: exp(test_loss).")
        .Add("test_accuracy", "Share of test tokens whose most likely predicted word is right.")
        .Add("test_accuracy_legacy", "The reference code's 'accuracy': the correct count divided by (length of the last window × (rows − 1)) — mis-normalised, kept for comparison with its logs.")
        .Add("valid_loss", "Mean negative log-likelihood per token of the validation split (drives the learning-rate annealing).", "nats")
        .Add("valid_ppl", "Perplexity of the validation split: exp(valid_loss).")
        .Add("valid_accuracy", "Share of validation tokens whose most likely predicted word is right.")
        .Add("vocabulary", "Words in the vocabulary (every word of the splits, plus <eos>).")
        .Add("lr", "SGD learning rate after the epoch (divided by 4 whenever the validation loss fails to improve).")
        .Add("final_lr", "SGD learning rate at the end.");

    /// <inheritdoc/>
    public JsonObject SaveExtra()
    {
        var extra = moduli.Save();
        extra["lr"] = lr;
        extra["best_valid_loss"] = double.IsFinite(bestValidLoss) ? bestValidLoss : null;
        return extra;
    }

    /// <inheritdoc/>
    public void LoadExtra(JsonObject extra)
    {
        moduli.Load(extra);
        lr = (double?)extra["lr"] ?? config.Lr;
        bestValidLoss = (double?)extra["best_valid_loss"] ?? double.PositiveInfinity;
        foreach (var group in State.Optimizer.ParamGroups) group.LearningRate = lr;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        hidden?.Dispose();
        train.Dispose();
        valid.Dispose();
        test.Dispose();
        State.Optimizer.Dispose();
        model.Dispose();
        rng.Dispose();
    }
}
