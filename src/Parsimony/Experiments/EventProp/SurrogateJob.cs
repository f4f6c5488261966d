using System.Text.Json.Nodes;
using Parsimony.Models.Spiking;
using Parsimony.Runs;
using Parsimony.Spiking;
using Parsimony.Training;
using static TorchSharp.torch;

namespace Parsimony.Experiments.EventProp;

/// <summary>
/// The surrogate-gradient baseline for EventProp (<c>--method surrogate</c>): the same network, initial weights, batch
/// order, dropout, optimizer and learning-rate schedule, but simulated on a grid of step dt in TorchSharp and trained
/// by backpropagation through time with a surrogate spike derivative (<see cref="SurrogateSpikingNetwork"/>) — what a
/// user would otherwise build with snnTorch or Norse. Inputs become 0/1 rasters at the first grid step at or after
/// each spike.
/// </summary>
public sealed class SurrogateJob : IAutogradJob
{
    /// <summary>Samples per batch when evaluating.</summary>
    public const int EvaluationBatch = 200;

    readonly EventPropConfig config;
    readonly IEventPropTask task;
    readonly SurrogateSpikingNetwork network;
    readonly int steps;
    int[] order = [];
    int epoch;
    double trainLoss, trainCorrect, trainSeen;

    /// <summary>The job for <paramref name="config"/> on <paramref name="task"/>.</summary>
    public SurrogateJob(EventPropConfig config, IEventPropTask task, string name)
    {
        config.Validate();
        this.config = config;
        this.task = task;
        Name = name;
        Rules.Require(task.Count(DataSplit.Train) > 0, "TrainSamples", "leaves no training sample.");
        var layers = new[] { new LayerShape(task.Channels, config.Hidden), new LayerShape(config.Hidden, task.Classes, NeuronKind.LeakyIntegrator) };
        steps = (int)Math.Ceiling((config.Horizon > 0 ? config.Horizon : config.GridDuration) / config.Dt - 1e-9) + 1;
        network = new SurrogateSpikingNetwork(config.Neuron(), config.Dt, config.SurrogateSlope, TrainingSchedule.InitialWeights(config, layers),
                                              task.Channels, config.Hidden, task.Classes);
        State = new TrainingState(network, optim.Adam(network.parameters(), config.Lr, beta1: 0.9, beta2: 0.999, eps: 1e-8), new RngStreams());
    }

    /// <inheritdoc/>
    public string Name { get; }
    /// <inheritdoc/>
    public IReadOnlyList<string> Notes => [];
    /// <inheritdoc/>
    public int Epochs => config.Epochs;
    /// <inheritdoc/>
    public int StepsPerEpoch => (task.Count(DataSplit.Train) + config.BatchSize - 1) / config.BatchSize;
    /// <inheritdoc/>
    public double? ClipNorm => null;
    /// <inheritdoc/>
    public TrainingState State { get; }

    /// <inheritdoc/>
    public void BeginEpoch(int epoch)
    {
        this.epoch = epoch;
        foreach (var group in State.Optimizer.ParamGroups) group.LearningRate = config.Lr * Math.Pow(config.LrDecay, epoch);
        order = TrainingSchedule.Order(task.Count(DataSplit.Train), config.Seed, epoch);
        trainLoss = trainCorrect = trainSeen = 0;
    }

    /// <summary>The 0/1 raster [steps, batch, channels] of <paramref name="inputs"/>.</summary>
    Tensor Raster(IReadOnlyList<SpikeList> inputs)
    {
        var raster = new float[steps * inputs.Count * task.Channels];
        for (int b = 0; b < inputs.Count; b++)
            for (int k = 0; k < inputs[b].Count; k++)
            {
                int step = (int)Math.Ceiling(inputs[b].Times[k] / config.Dt - 1e-9);
                if (step >= 0 && step < steps) raster[(step * inputs.Count + b) * task.Channels + inputs[b].Sources[k]] = 1;
            }
        return tensor(raster, [steps, inputs.Count, task.Channels]);
    }

    /// <inheritdoc/>
    public (Tensor Loss, IReadOnlyDictionary<string, double> Metrics) Loss(long step)
    {
        int first = (int)(step % StepsPerEpoch) * config.BatchSize, size = Math.Min(config.BatchSize, order.Length - first);
        var indices = order.Skip(first).Take(size).ToArray();
        var inputs = indices.Select(i => TrainingSchedule.Dropped(task.Input(DataSplit.Train, i), config.InputDropout, config.Seed, epoch, i)).ToArray();
        var labels = tensor(indices.Select(i => (long)task.Label(DataSplit.Train, i)).ToArray());
        var logits = network.call(Raster(inputs));
        var loss = nn.functional.cross_entropy(logits, labels);
        double correct = (logits.argmax(1) == labels).sum().item<long>();
        trainLoss += loss.item<float>() * size; trainCorrect += correct; trainSeen += size;
        return (loss, new Dictionary<string, double> { ["accuracy"] = correct / size });
    }

    /// <summary>Accuracy and mean loss of a split, and each sample's predicted class.</summary>
    (double Accuracy, double Loss, int[] Predicted) Evaluate(DataSplit split)
    {
        int n = task.Count(split);
        var predicted = new int[n];
        double loss = 0, correct = 0;
        using var _ = no_grad();
        for (int start = 0; start < n; start += EvaluationBatch)
        {
            using var scope = NewDisposeScope();
            int size = Math.Min(EvaluationBatch, n - start);
            var labels = tensor(Enumerable.Range(start, size).Select(i => (long)task.Label(split, i)).ToArray());
            var logits = network.call(Raster(Enumerable.Range(start, size).Select(i => task.Input(split, i)).ToArray()));
            loss += nn.functional.cross_entropy(logits, labels).item<float>() * size;
            var guess = logits.argmax(1).data<long>().ToArray();
            for (int i = 0; i < size; i++) predicted[start + i] = (int)guess[i];
            correct += (logits.argmax(1) == labels).sum().item<long>();
        }
        return (correct / n, loss / n, predicted);
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> EndEpoch(int epoch)
    {
        var validation = Evaluate(DataSplit.Validation);
        var test = Evaluate(DataSplit.Test);
        return new Dictionary<string, double>
        {
            ["train_accuracy"] = trainCorrect / Math.Max(1, trainSeen),
            ["train_loss"] = trainLoss / Math.Max(1, trainSeen),
            ["validation_accuracy"] = validation.Accuracy,
            ["validation_loss"] = validation.Loss,
            ["test_accuracy"] = test.Accuracy,
            ["test_loss"] = test.Loss,
            ["lr"] = config.Lr * Math.Pow(config.LrDecay, epoch),
        };
    }

    /// <inheritdoc/>
    public JsonObject Summarize()
    {
        var test = Evaluate(DataSplit.Test);
        return new JsonObject
        {
            ["test_accuracy"] = test.Accuracy,
            ["test_loss"] = test.Loss,
            ["validation_accuracy"] = Evaluate(DataSplit.Validation).Accuracy,
            ["network"] = $"{task.Channels}-{config.Hidden}-{task.Classes} (leaky-integrator read-out, max-voltage loss)",
            ["method"] = $"surrogate gradient (SuperSpike σ = {config.SurrogateSlope}), BPTT on a grid of dt = {config.Dt} ms, {steps} steps",
            ["train_samples"] = task.Count(DataSplit.Train),
            ["test_samples"] = task.Count(DataSplit.Test),
        };
    }

    /// <inheritdoc/>
    public IEnumerable<NamedFigure> Figures() => task.Figures(input =>
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return (int)network.call(Raster([input])).argmax(1).item<long>();
    });

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Tensor> ExportWeights() => network.Export();

    /// <inheritdoc/>
    public Glossary Glossary() => JobOutput.Common()
        .Add("loss", "Cross-entropy of the batch's maximum read-out voltages.")
        .Add("accuracy", "Share of the mini-batch classified correctly.")
        .Add("train_accuracy", "Share of the epoch's training samples classified correctly while being trained on.")
        .Add("train_loss", "Mean loss over the epoch's training samples.")
        .Add("validation_accuracy", "Share of the validation set classified correctly.")
        .Add("validation_loss", "Mean loss over the validation set.")
        .Add("test_accuracy", "Share of the test set classified correctly (the largest maximum voltage is the class).")
        .Add("test_loss", "Mean loss over the test set.")
        .Add("lr", "The epoch's learning rate.")
        .Add("network", "Inputs-hidden-outputs and the read-out.")
        .Add("method", "How the network was simulated and differentiated.")
        .Add("train_samples", "Training samples.")
        .Add("test_samples", "Test samples.");

    /// <inheritdoc/>
    public void Dispose()
    {
        State.Optimizer.Dispose();
        network.Dispose();
        State.Rng.Dispose();
    }
}
