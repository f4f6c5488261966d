using System.Text.Json.Nodes;
using Parsimony.Models.Rnn;
using Parsimony.Runs;
using Parsimony.Tasks.Images;
using Parsimony.Tasks.SequentialImages;
using Parsimony.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Egru;

/// <summary>
/// Sequential image classification (<see cref="SeqImageConfig"/>): a recurrent classifier over image sequences,
/// cross-entropy at the last step, Adam with gradient-norm clipping; validation and test accuracy after every epoch.
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
    readonly SequenceClassifier model;
    readonly Generator shuffle;
    readonly Device device;
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
        var spec = new RecurrentSpec(config.Cell == SequenceCell.Lstm ? CellKind.Lstm : CellKind.Gru, Features, config.Hidden);
        model = RngStreams.Seeded(config.Seed, () => new SequenceClassifier(spec, data.Classes));
        model.to(device);
        State = new TrainingState(model, optim.Adam(model.parameters(), config.Lr), rng);
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
    public int Epochs => config.Epochs;
    /// <inheritdoc/>
    public int StepsPerEpoch => (train.Length + config.BatchSize - 1) / config.BatchSize;
    /// <inheritdoc/>
    public double? ClipNorm => config.Clip > 0 ? config.Clip : null;
    /// <inheritdoc/>
    public TrainingState State { get; }

    /// <inheritdoc/>
    public void BeginEpoch(int epoch)
    {
        using var perm = randperm(train.Length, generator: shuffle);
        order = perm.data<long>().Select(i => train[(int)i]).ToArray();
        trainLoss = trainCorrect = trainSeen = 0;
    }

    Tensor Batch(IdxImages images, IReadOnlyList<int> indices) => ImageSequences.Batch(images, indices, config.Sequence, permutation).to(device);

    Tensor Labels(IdxImages images, IReadOnlyList<int> indices) => tensor(indices.Select(i => (long)images.Labels[i]).ToArray()).to(device);

    /// <inheritdoc/>
    public (Tensor Loss, IReadOnlyDictionary<string, double> Metrics) Loss(long step)
    {
        model.train();
        int first = (int)(step % StepsPerEpoch) * config.BatchSize, size = Math.Min(config.BatchSize, order.Length - first);
        var indices = order[first..(first + size)];
        var labels = Labels(data.Train, indices);
        var logits = model.call(Batch(data.Train, indices));
        var loss = nn.functional.cross_entropy(logits, labels);
        double correct = (logits.argmax(1) == labels).sum().item<long>();
        trainLoss += loss.item<float>() * size; trainCorrect += correct; trainSeen += size;
        return (loss, new Dictionary<string, double> { ["accuracy"] = correct / size });
    }

    /// <summary>Accuracy and mean loss over <paramref name="indices"/> of <paramref name="images"/>.</summary>
    (double Accuracy, double Loss) Evaluate(IdxImages images, int[] indices)
    {
        if (indices.Length == 0) return (double.NaN, double.NaN);
        using var _ = no_grad();
        model.eval();
        double loss = 0, correct = 0;
        for (int start = 0; start < indices.Length; start += EvaluationBatch)
        {
            using var scope = NewDisposeScope();
            var batch = indices[start..Math.Min(indices.Length, start + EvaluationBatch)];
            var labels = Labels(images, batch);
            var logits = model.call(Batch(images, batch));
            loss += nn.functional.cross_entropy(logits, labels).item<float>() * batch.Length;
            correct += (logits.argmax(1) == labels).sum().item<long>();
        }
        return (correct / indices.Length, loss / indices.Length);
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> EndEpoch(int epoch)
    {
        var (validationAccuracy, validationLoss) = Evaluate(data.Train, validation);
        var (testAccuracy, testLoss) = Evaluate(data.Test, test);
        var metrics = new Dictionary<string, double>
        {
            ["train_accuracy"] = trainCorrect / Math.Max(1, trainSeen),
            ["train_loss"] = trainLoss / Math.Max(1, trainSeen),
            ["test_accuracy"] = testAccuracy,
            ["test_loss"] = testLoss,
        };
        if (validation.Length > 0) { metrics["validation_accuracy"] = validationAccuracy; metrics["validation_loss"] = validationLoss; }
        return metrics;
    }

    /// <inheritdoc/>
    public JsonObject Summarize()
    {
        var (testAccuracy, testLoss) = Evaluate(data.Test, test);
        var summary = new JsonObject
        {
            ["test_accuracy"] = testAccuracy,
            ["test_loss"] = testLoss,
            ["cell"] = config.Cell.ToString().ToLowerInvariant(),
            ["sequence"] = $"{Steps} steps × {Features} feature(s){(config.Permuted ? ", bit-reversal permuted" : "")}",
            ["parameters"] = model.parameters().Sum(p => p.numel()),
            ["train_samples"] = train.Length,
            ["test_samples"] = test.Length,
        };
        if (validation.Length > 0) summary["validation_accuracy"] = Evaluate(data.Train, validation).Accuracy;
        return summary;
    }

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
                var guess = model.call(Batch(data.Test, batch)).argmax(1).cpu().data<long>().ToArray();
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
        .Add("cell", "The recurrent cell.")
        .Add("sequence", "Steps and features per step of one image.")
        .Add("parameters", "Trained parameters.")
        .Add("train_samples", "Training images.")
        .Add("test_samples", "Test images.");

    /// <inheritdoc/>
    public void Dispose()
    {
        State.Optimizer.Dispose();
        model.Dispose();
        State.Rng.Dispose();
    }
}
