using System.Text.Json.Nodes;
using Parsimony.Models.Egru;
using Parsimony.Models.Rnn;
using Parsimony.Runs;
using Parsimony.Sparsity;
using Parsimony.Tasks.Images;
using Parsimony.Tasks.SequentialImages;
using Parsimony.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Egru;

/// <summary>
/// Sequential image classification (<see cref="SeqImageConfig"/>): a recurrent classifier over image sequences —
/// an EGRU read out from its output trace, or a GRU/LSTM from its last state — cross-entropy at the last step, Adam
/// with gradient-norm clipping (for the EGRU also in-layer, as the reference); validation and test accuracy after every
/// epoch, and for the EGRU its activity sparsity, backward sparsity and forward MACs against a dense GRU on the test set.
/// With a target sparsity the recurrent layers' input and recurrent matrices are pruned by global magnitude
/// (<see cref="MagnitudePruner"/>, masks registered as <c>masks</c> so checkpoints and <c>model.safetensors</c> carry
/// them) along the config's <see cref="PruningPlan"/>: pruning at epoch starts, gradients masked before clipping,
/// weights after every step, and at the lottery epoch a <see cref="LotteryTicket"/> rewind to fresh seeded weights.
/// </summary>
public sealed class SeqImageJob : IAutogradJob
{
    /// <summary>Sequences per evaluation batch.</summary>
    public const int EvaluationBatch = 500;

    /// <summary>The seed of the reference's train/validation split.</summary>
    public const int SplitSeed = 42;

    readonly SeqImageConfig config;
    readonly IdxFolder data;
    readonly int[] train, validation, test;
    readonly int[]? permutation;
    readonly nn.Module model;
    readonly SequenceClassifier? rnn;
    readonly EgruClassifier? egru;
    readonly Generator shuffle;
    readonly Device device;
    readonly PruningPlan plan;
    readonly MagnitudePruner? pruner;
    Dictionary<string, double> firstPhase = [];
    int[] order = [];
    double trainLoss, trainCorrect, trainSeen;

    /// <summary>Reads the images and initialises the model from <c>config.Seed</c>.</summary>
    public SeqImageJob(SeqImageConfig config, ComputeContext context)
    {
        config.Validate();
        this.config = config;
        device = context.Device;
        data = IdxFolder.Load(config.Images);
        int held = (int)Math.Round(config.ValidationShare * data.Train.Count);
        int[] split;
        using (var g = new Generator(SplitSeed, CPU)) split = randperm(data.Train.Count, generator: g).data<long>().Select(i => (int)i).ToArray();
        validation = split[^held..];
        train = split[..^held];
        if (config.TrainSamples > 0) train = train[..Math.Min(config.TrainSamples, train.Length)];
        test = Enumerable.Range(0, config.TestSamples > 0 ? Math.Min(config.TestSamples, data.Test.Count) : data.Test.Count).ToArray();
        Rules.Require(train.Length > 0, nameof(config.TrainSamples), "leaves no training image.");
        Steps = ImageSequences.Steps(config.Sequence, data.Train.Rows, data.Train.Columns);
        Features = ImageSequences.Features(config.Sequence, data.Train.Columns);
        permutation = config.Permuted ? ImageSequences.BitReversal(Steps) : null;
        var rng = new RngStreams();
        shuffle = rng.Add("shuffle", (ulong)config.Seed + 1);
        model = RngStreams.Seeded(config.Seed, NewModel).to(device);
        egru = model as EgruClassifier;
        rnn = model as SequenceClassifier;
        if (egru is not null) egru.Network.Masks = rng.Add("masks", (ulong)config.Seed + 2);
        plan = config.Plan;
        if (plan.Prunes)
        {
            pruner = new MagnitudePruner(PrunedWeights(), plan.PruneBlock);
            model.register_module("masks", pruner);
        }
        State = new TrainingState(model, NewOptimizer(), rng);
    }

    /// <summary>A new, unmasked classifier of the configured cell.</summary>
    nn.Module NewModel()
    {
        if (config.Cell == SequenceCell.Egru)
            return new EgruClassifier(config.EgruSpec(Features) with
            {
                GradClip = config.Clip,
                Backend = device.type == DeviceType.CPU ? EgruBackend.Sparse : EgruBackend.Autograd,
            }, data.Classes);
        return new SequenceClassifier(new RecurrentSpec(config.Cell == SequenceCell.Lstm ? CellKind.Lstm : CellKind.Gru, Features, config.Hidden), data.Classes);
    }

    OptimizerHelper NewOptimizer() => optim.Adam(model.parameters(), config.Lr);

    /// <summary>The pruned group, named as in the classifier: every recurrent layer's input and recurrent matrices.</summary>
    IReadOnlyList<NamedWeight> PrunedWeights()
    {
        if (egru is not null) return [.. egru.Network.PrunedWeights().Select(w => NamedWeight.In(model, "network." + w.Name))];
        var stack = rnn!.Rnn;
        return [.. Enumerable.Range(0, stack.Spec.Layers)
            .SelectMany(l => new[] { NamedWeight.In(model, "rnn." + stack.InputName(l)), NamedWeight.In(model, "rnn." + stack.RecurrentName(l)) })];
    }

    /// <summary>Steps per sequence.</summary>
    public int Steps { get; }
    /// <summary>Features per step.</summary>
    public int Features { get; }

    /// <inheritdoc/>
    public string Name => "egru-seqimage";
    /// <inheritdoc/>
    public IReadOnlyList<string> Notes => [];
    /// <inheritdoc/>
    public int Epochs => plan.TotalEpochs;
    /// <inheritdoc/>
    public int StepsPerEpoch => (train.Length + config.BatchSize - 1) / config.BatchSize;
    /// <inheritdoc/>
    public double? ClipNorm => config.Clip > 0 ? config.Clip : null;
    /// <inheritdoc/>
    public TrainingState State { get; private set; }

    /// <inheritdoc/>
    public void BeginEpoch(int epoch)
    {
        var at = plan.At(epoch);
        if (at.StartsLottery)
        {
            firstPhase = Results();
            LotteryTicket.RewindToFresh(model, NewModel, pruner!, LotteryTicket.Seed(config.Seed));
            State.Optimizer.Dispose();
            State = State with { Optimizer = NewOptimizer() };
        }
        if (at.Sparsity is { } s) pruner!.PruneTo(s);
        using var perm = randperm(train.Length, generator: shuffle);
        order = perm.data<long>().Select(i => train[(int)i]).ToArray();
        trainLoss = trainCorrect = trainSeen = 0;
    }

    Tensor Batch(IdxImages images, IReadOnlyList<int> indices) => ImageSequences.Batch(images, indices, config.Sequence, permutation).to(device);

    Tensor Labels(IdxImages images, IReadOnlyList<int> indices) => tensor(indices.Select(i => (long)images.Labels[i]).ToArray()).to(device);

    /// <summary>Class scores for a batch, and the EGRU's layer outputs (null for the dense baselines).</summary>
    (Tensor Logits, IReadOnlyList<EgruLayerOutput>? Layers) Classify(Tensor x)
    {
        if (egru is null) return (rnn!.call(x), null);
        var (logits, layers) = egru.Run(x);
        return (logits, layers);
    }

    /// <inheritdoc/>
    public void AfterBackward() => pruner?.MaskGradients();

    /// <inheritdoc/>
    public void AfterStep() => pruner?.Apply();

    /// <inheritdoc/>
    public (Tensor Loss, IReadOnlyDictionary<string, double> Metrics) Loss(long step)
    {
        model.train();
        int first = (int)(step % StepsPerEpoch) * config.BatchSize, size = Math.Min(config.BatchSize, order.Length - first);
        var indices = order[first..(first + size)];
        var labels = Labels(data.Train, indices);
        var (logits, _) = Classify(Batch(data.Train, indices));
        var loss = nn.functional.cross_entropy(logits, labels);
        double correct = (logits.argmax(1) == labels).sum().item<long>();
        trainLoss += loss.item<float>() * size; trainCorrect += correct; trainSeen += size;
        return (loss, new Dictionary<string, double> { ["accuracy"] = correct / size });
    }

    /// <summary>Accuracy and mean loss over <paramref name="indices"/> of <paramref name="images"/>, and the EGRU's event statistics there.</summary>
    (double Accuracy, double Loss, EventStatistics? Events) Evaluate(IdxImages images, int[] indices)
    {
        if (indices.Length == 0) return (double.NaN, double.NaN, null);
        using var _ = no_grad();
        model.eval();
        double loss = 0, correct = 0;
        var events = egru is null ? null : new EventStatistics();
        for (int start = 0; start < indices.Length; start += EvaluationBatch)
        {
            using var scope = NewDisposeScope();
            var batch = indices[start..Math.Min(indices.Length, start + EvaluationBatch)];
            var labels = Labels(images, batch);
            var x = Batch(images, batch);
            var (logits, layers) = Classify(x);
            loss += nn.functional.cross_entropy(logits, labels).item<float>() * batch.Length;
            correct += (logits.argmax(1) == labels).sum().item<long>();
            if (layers is not null) events!.Add(x, layers, egru!.Network.Layers);
        }
        return (correct / indices.Length, loss / indices.Length, events);
    }

    /// <summary>Event counts of EGRU layers over evaluation batches, weighted by their size.</summary>
    sealed class EventStatistics
    {
        double elements, events, backwardActive, scriptInactive;
        long sparseMacs, denseMacs;

        public void Add(Tensor input, IReadOnlyList<EgruLayerOutput> outputs, IReadOnlyList<EgruLayer> layers)
        {
            double n = outputs.Sum(o => (double)o.O.numel());
            elements += n;
            events += (1 - EgruMetrics.ActivitySparsity(outputs)) * n;
            backwardActive += (1 - EgruMetrics.BackwardSparsity(outputs, layers)) * n;
            scriptInactive += EgruMetrics.ScriptBackwardSparsity(outputs, layers) * n;
            var x = input;
            for (int k = 0; k < outputs.Count; k++)
            {
                var (sparse, dense) = EgruMetrics.ForwardMacs(x, outputs[k]);
                sparseMacs += sparse; denseMacs += dense;
                x = outputs[k].Y;
            }
        }

        public void Into(IDictionary<string, double> metrics)
        {
            metrics["activity_sparsity"] = 1 - events / elements;
            metrics["backward_sparsity"] = 1 - backwardActive / elements;
            metrics["backward_sparsity_script"] = scriptInactive / elements;
            metrics["mac_reduction"] = denseMacs / (double)Math.Max(1, sparseMacs);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> EndEpoch(int epoch)
    {
        var (validationAccuracy, validationLoss, _) = Evaluate(data.Train, validation);
        var (testAccuracy, testLoss, events) = Evaluate(data.Test, test);
        var metrics = new Dictionary<string, double>
        {
            ["train_accuracy"] = trainCorrect / Math.Max(1, trainSeen),
            ["train_loss"] = trainLoss / Math.Max(1, trainSeen),
            ["test_accuracy"] = testAccuracy,
            ["test_loss"] = testLoss,
        };
        if (validation.Length > 0) { metrics["validation_accuracy"] = validationAccuracy; metrics["validation_loss"] = validationLoss; }
        events?.Into(metrics);
        if (pruner is not null) metrics["sparsity"] = pruner.Sparsity();
        return metrics;
    }

    /// <inheritdoc/>
    public JsonObject Summarize()
    {
        var summary = JobOutput.ToJson(Results());
        summary["cell"] = config.Cell.ToString().ToLowerInvariant();
        summary["sequence"] = $"{Steps} steps × {Features} feature(s){(config.Permuted ? ", bit-reversal permuted" : "")}";
        summary["parameters"] = model.parameters().Sum(p => p.numel());
        summary["train_samples"] = train.Length;
        summary["test_samples"] = test.Length;
        if (plan.Lottery)
            foreach (var (k, v) in firstPhase) summary["before_lottery_" + k] = v;
        return summary;
    }

    /// <summary>The numeric results of the model as it is: test (and validation) accuracy, event statistics, sparsity.</summary>
    Dictionary<string, double> Results()
    {
        var (testAccuracy, testLoss, events) = Evaluate(data.Test, test);
        var results = new Dictionary<string, double> { ["test_accuracy"] = testAccuracy, ["test_loss"] = testLoss };
        if (validation.Length > 0) results["validation_accuracy"] = Evaluate(data.Train, validation).Accuracy;
        events?.Into(results);
        if (pruner is not null) results["sparsity"] = pruner.Sparsity();
        return results;
    }

    /// <inheritdoc/>
    public JsonObject SaveExtra() => new() { ["first_phase"] = JobOutput.ToJson(firstPhase) };

    /// <inheritdoc/>
    public void LoadExtra(JsonObject extra) =>
        firstPhase = (extra["first_phase"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => (double)kv.Value!);

    /// <inheritdoc/>
    public IEnumerable<NamedFigure> Figures()
    {
        int classes = data.Classes;
        var counts = new double[classes][];
        for (int c = 0; c < classes; c++) counts[c] = new double[classes];
        using (var _ = no_grad())
        {
            model.eval();
            for (int start = 0; start < test.Length; start += EvaluationBatch)
            {
                using var scope = NewDisposeScope();
                var batch = test[start..Math.Min(test.Length, start + EvaluationBatch)];
                var guess = Classify(Batch(data.Test, batch)).Logits.argmax(1).cpu().data<long>().ToArray();
                for (int i = 0; i < batch.Length; i++) counts[data.Test.Labels[batch[i]]][guess[i]]++;
            }
        }
        var shares = counts.Select(row => { double n = row.Sum(); return row.Select(v => n > 0 ? v / n : double.NaN).ToArray(); }).ToArray();
        yield return new NamedFigure("test-confusion", new HeatmapFigure("Test set: the share of each true class given each predicted class",
            shares, "predicted class", "true class")
        {
            ColorLabel = "share of the true class",
            ColorMax = 1,
            Caption = $"Row r, column c: the share of the {test.Length} test images of class r that the network called c. A perfect classifier " +
                      "lights the diagonal only; bright off-diagonal cells are the classes it confuses (in Fashion-MNIST typically shirts, " +
                      "T-shirts, pullovers and coats).",
        });
        if (egru is not null) yield return Raster();
    }

    /// <summary>The events of the EGRU's last layer for four test sequences.</summary>
    NamedFigure Raster()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        model.eval();
        var batch = test[..Math.Min(4, test.Length)];
        var events = Classify(Batch(data.Test, batch)).Layers![^1].O.cpu().to_type(ScalarType.Float32);   // [T, B, N]
        var panels = new List<RasterPanel>();
        for (int b = 0; b < batch.Length; b++)
        {
            var o = events[.., b, ..].data<float>().ToArray();
            int units = (int)events.shape[2];
            var fired = Enumerable.Range(0, o.Length).Where(k => o[k] != 0).ToArray();
            panels.Add(new RasterPanel($"test image {batch[b]} (class {data.Test.Labels[batch[b]]}): {fired.Length} events",
                fired.Select(k => (double)(k / units)).ToArray(), fired.Select(k => k % units).ToArray()));
        }
        return new NamedFigure("event-rasters", new RasterFigure("EGRU events of four test sequences", panels, "step", "unit")
        {
            Caption = $"A dot per event (o = 1) of a unit of the last EGRU layer at a step of the sequence ({Steps} steps, {config.Hidden} units): " +
                      "only these units send their output to the next step's recurrent input, so the sparser the raster, the less work.",
        });
    }

    /// <inheritdoc/>
    public Glossary Glossary() => JobOutput.Common()
        .Add("loss", "Cross-entropy of the mini-batch's class scores at the last step.")
        .Add("accuracy", "Share of the mini-batch classified correctly.")
        .Add("train_accuracy", "Share of the epoch's training sequences classified correctly while being trained on.")
        .Add("train_loss", "Mean cross-entropy over the epoch's training sequences.")
        .Add("validation_accuracy", "Share of the held-out 20% of the training images (seed-42 split) classified correctly.")
        .Add("validation_loss", "Mean cross-entropy over the validation images.")
        .Add("test_accuracy", "Share of the test images classified correctly.")
        .Add("test_loss", "Mean cross-entropy over the test images.")
        .Add("activity_sparsity", "EGRU: share of unit-steps without an event on the test set (all layers; 1 − mean activity).")
        .Add("backward_sparsity", "EGRU: share of unit-steps outside the backward-active set (no event and |c − ϑ| ≥ 1/s): the work the sparse backward skips.")
        .Add("backward_sparsity_script", "EGRU: the reference script's backward sparsity, mean(|h − ϑ| > 1/s) of the post-reset state (it counts some firing units as inactive).")
        .Add("mac_reduction", "EGRU: forward multiply-accumulates of a dense GRU of the same size divided by the event-driven ones on the test set.")
        .Add("cell", "The recurrent cell.")
        .Add("sequence", "Steps and features per step of one image.")
        .Add("parameters", "Trained parameters.")
        .Add("train_samples", "Training images.")
        .Add("test_samples", "Test images.")
        .Add("sparsity", "Share of the pruned weights (the input and recurrent matrices of the recurrent layers, all together) masked to exactly zero: global magnitude pruning of round(s·n) weights, or of blocks of --prune-block consecutive outputs of one input ranked by mean |w|.")
        .AddPrefix("before_lottery_", "At the end of the first phase, before the lottery-ticket retrain:");

    /// <inheritdoc/>
    public void Dispose()
    {
        State.Optimizer.Dispose();
        model.Dispose();
        State.Rng.Dispose();
    }
}
