using System.Text.Json.Nodes;
using Parsimony.Models.Spiking;
using Parsimony.Runs;
using Parsimony.Spiking;
using Parsimony.Training;
using static TorchSharp.torch;

namespace Parsimony.Experiments.EventProp;

/// <summary>
/// Trains an exact event-driven spiking classifier with EventProp (spec Part B): each step simulates the batch's
/// samples exactly (in parallel, in fixed groups summed in a fixed order, so the same seed gives the same bits on any
/// number of cores), runs the adjoint over the stored spikes, and hands the mean gradient to the trainer's Adam; the
/// learning rate decays per epoch. Batch order and input dropout depend only on (seed, epoch, sample), so a resumed
/// run continues exactly.
/// </summary>
public sealed class EventPropJob : IGradientJob
{
    /// <summary>Fixed groups a batch is split into (the parallelism; fixed so results do not depend on the machine).</summary>
    public const int Groups = 8;

    readonly EventPropConfig config;
    readonly IEventPropTask task;
    readonly SpikingWeights weights;
    readonly NetworkWeights current;
    readonly NetworkWeights[] groupGradients;
    readonly NetworkWeights gradient;
    int[] order = [];
    int epoch;
    (double Accuracy, double Loss, double HiddenSpikes, double OutputSpikes, double SilentLabels, Outcome[] Outcomes)? finalTest;
    double trainLoss, trainCorrect, trainCounted, trainSeen;

    /// <summary>The job for <paramref name="config"/> on <paramref name="task"/>.</summary>
    public EventPropJob(EventPropConfig config, IEventPropTask task, string name)
    {
        config.Validate();
        if (config.Method == SpikeTraining.Surrogate) throw new ArgumentException("The surrogate baseline is its own job (SurrogateJob).", nameof(config));
        this.config = config;
        this.task = task;
        Name = name;
        Rules.Require(task.Count(DataSplit.Train) > 0, "TrainSamples", "leaves no training sample.");
        var readout = config.Readout == SpikeReadout.Vmax ? NeuronKind.LeakyIntegrator : NeuronKind.Lif;
        Network = new SpikingNetwork(config.Neuron(), [new LayerShape(task.Channels, config.Hidden), new LayerShape(config.Hidden, task.Classes, readout)],
                                     config.Horizon > 0 ? config.Horizon : double.PositiveInfinity);
        current = TrainingSchedule.InitialWeights(config, Network.Layers);
        weights = new SpikingWeights(Network.Layers, current);
        groupGradients = Enumerable.Range(0, Groups).Select(_ => new NetworkWeights(Network.Layers)).ToArray();
        gradient = new NetworkWeights(Network.Layers);
        State = new TrainingState(weights, optim.Adam(weights.parameters(), config.Lr, beta1: 0.9, beta2: 0.999, eps: 1e-8), new RngStreams());
    }

    /// <summary>The network.</summary>
    public SpikingNetwork Network { get; }
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
        trainLoss = trainCorrect = trainCounted = trainSeen = 0;
    }

    /// <summary>One sample's forward pass and read-out.</summary>
    readonly record struct Outcome(SampleLoss Loss, NetworkTrace Trace, double[] Output);

    NetworkTrace Simulate(SpikeList input) => config.Method == SpikeTraining.TimeStepped
        ? TimeSteppedSimulation.Forward(Network, current, input, config.Dt, config.GridDuration)
        : Network.Forward(current, input);

    Outcome Run(SpikeList input, int label)
    {
        var trace = Simulate(input);
        var output = Network.Output(trace);
        var loss = config.Readout == SpikeReadout.Vmax ? SpikeLosses.VMax(output, label) : SpikeLosses.Ttfs(output, label, config.Ttfs());
        return new Outcome(loss, trace, output);
    }

    SpikeList TrainingInput(int index) => TrainingSchedule.Dropped(task.Input(DataSplit.Train, index), config.InputDropout, config.Seed, epoch, index);

    /// <inheritdoc/>
    public (double Loss, IReadOnlyDictionary<string, double> Metrics) Gradients(long step)
    {
        int first = (int)(step % StepsPerEpoch) * config.BatchSize, size = Math.Min(config.BatchSize, order.Length - first);
        weights.CopyTo(current);
        foreach (var w in current.All())
            if (!w.All(double.IsFinite)) throw new ParsimonyException("The weights are no longer finite numbers; training has diverged. Lower the learning rate and start a new run.");
        var losses = new double[size];
        var correct = new bool[size];
        var counted = new bool[size];
        int groups = Math.Min(Groups, size);
        Parallel.For(0, groups, g =>
        {
            groupGradients[g].Clear();
            for (int s = g; s < size; s += groups)
            {
                int index = order[first + s];
                var outcome = Run(TrainingInput(index), task.Label(DataSplit.Train, index));
                (losses[s], correct[s], counted[s]) = (outcome.Loss.Loss, outcome.Loss.Correct, outcome.Loss.Counted);
                if (outcome.Loss.Counted) Network.Backward(current, outcome.Trace, outcome.Loss.Gradient, groupGradients[g], config.KinkCorrection);
            }
        });
        gradient.Clear();
        for (int g = 0; g < groups; g++) gradient.Add(groupGradients[g]);
        foreach (var a in gradient.All()) System.Numerics.Tensors.TensorPrimitives.Multiply(a, 1.0 / size, a);
        weights.SetGradients(gradient);
        double loss = losses.Sum() / size;
        trainLoss += losses.Sum(); trainCorrect += correct.Count(c => c); trainCounted += counted.Count(c => c); trainSeen += size;
        return (loss, new Dictionary<string, double> { ["accuracy"] = correct.Count(c => c) / (double)size });
    }

    /// <summary>Accuracy, mean loss, spikes per layer and silent labels of a split (in parallel; deterministic).</summary>
    (double Accuracy, double Loss, double HiddenSpikes, double OutputSpikes, double SilentLabels, Outcome[] Outcomes) Evaluate(DataSplit split)
    {
        weights.CopyTo(current);
        int n = task.Count(split);
        var outcomes = new Outcome[n];
        Parallel.For(0, n, i => outcomes[i] = Run(task.Input(split, i), task.Label(split, i)));
        return (outcomes.Count(o => o.Loss.Correct) / (double)n, outcomes.Sum(o => o.Loss.Loss) / n,
                outcomes.Average(o => o.Trace.Spikes[0]!.Count), outcomes.Average(o => o.Trace.Spikes[1]?.Count ?? 0),
                outcomes.Count(o => !o.Loss.Counted) / (double)n, outcomes);
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> EndEpoch(int epoch)
    {
        var validation = Evaluate(DataSplit.Validation);
        var test = Evaluate(DataSplit.Test);
        var metrics = new Dictionary<string, double>
        {
            ["train_accuracy"] = trainCorrect / Math.Max(1, trainSeen),
            ["train_loss"] = trainLoss / Math.Max(1, trainSeen),
            ["validation_accuracy"] = validation.Accuracy,
            ["validation_loss"] = validation.Loss,
            ["test_accuracy"] = test.Accuracy,
            ["test_loss"] = test.Loss,
            ["hidden_spikes_per_sample"] = test.HiddenSpikes,
            ["lr"] = config.Lr * Math.Pow(config.LrDecay, epoch),
        };
        if (config.Readout == SpikeReadout.Ttfs)
        {
            metrics["output_spikes_per_sample"] = test.OutputSpikes;
            metrics["silent_label_fraction"] = test.SilentLabels;
            metrics["train_counted_fraction"] = trainCounted / Math.Max(1, trainSeen);
        }
        return metrics;
    }

    /// <inheritdoc/>
    public JsonObject Summarize()
    {
        var test = FinalTest();
        var validation = Evaluate(DataSplit.Validation);
        var perClass = Enumerable.Range(0, task.Classes).Select(c =>
        {
            var mine = Enumerable.Range(0, test.Outcomes.Length).Where(i => task.Label(DataSplit.Test, i) == c).ToArray();
            return mine.Length == 0 ? double.NaN : mine.Count(i => test.Outcomes[i].Loss.Correct) / (double)mine.Length;
        });
        var json = new JsonObject
        {
            ["test_accuracy"] = test.Accuracy,
            ["test_loss"] = test.Loss,
            ["validation_accuracy"] = validation.Accuracy,
            ["test_accuracy_per_class"] = new JsonArray(perClass.Select(a => (JsonNode?)a).ToArray()),
            ["hidden_spikes_per_sample"] = test.HiddenSpikes,
            ["network"] = $"{task.Channels}-{config.Hidden}-{task.Classes} ({(config.Readout == SpikeReadout.Vmax ? "leaky-integrator read-out, max-voltage loss" : "LIF read-out, time-to-first-spike loss")})",
            ["method"] = config.Method == SpikeTraining.Exact ? "EventProp, exact event-driven" : $"EventProp, time-stepped at dt = {config.Dt} ms",
            ["train_samples"] = task.Count(DataSplit.Train),
            ["test_samples"] = task.Count(DataSplit.Test),
        };
        if (config.Readout == SpikeReadout.Ttfs)
        {
            json["output_spikes_per_sample"] = test.OutputSpikes;
            json["silent_label_fraction"] = test.SilentLabels;
        }
        return json;
    }

    /// <summary>The trained network on the test set, evaluated once for the figures and the summary.</summary>
    (double Accuracy, double Loss, double HiddenSpikes, double OutputSpikes, double SilentLabels, Outcome[] Outcomes) FinalTest() => finalTest ??= Evaluate(DataSplit.Test);

    /// <summary>Predicts the class of one input (−1 when no output fired).</summary>
    int Predict(SpikeList input)
    {
        var output = Network.Output(Simulate(input));
        if (config.Readout == SpikeReadout.Vmax) return Array.IndexOf(output, output.Max());
        double first = output.Min();
        return double.IsFinite(first) ? Array.IndexOf(output, first) : -1;
    }

    /// <inheritdoc/>
    public IEnumerable<NamedFigure> Figures()
    {
        var test = FinalTest();
        foreach (var figure in task.Figures(Predict)) yield return figure;
        yield return Rasters(test.Outcomes);
        yield return OutputTimes(test.Outcomes);
    }

    /// <summary>Raster plots of two test samples per class: hidden spikes below, output spikes (or the read-out's maximum) above.</summary>
    NamedFigure Rasters(Outcome[] outcomes)
    {
        var panels = new List<RasterPanel>();
        for (int c = 0; c < task.Classes && panels.Count < 12; c++)
            foreach (int i in Enumerable.Range(0, outcomes.Length).Where(i => task.Label(DataSplit.Test, i) == c).Take(2))
            {
                var trace = outcomes[i].Trace;
                var hidden = trace.Spikes[0]!;
                var times = hidden.Times.ToList();
                var rows = hidden.Sources.ToList();
                if (trace.Spikes[1] is { } output)
                {
                    times.AddRange(output.Times);
                    rows.AddRange(output.Sources.Select(s => config.Hidden + s));
                }
                else
                    for (int k = 0; k < task.Classes; k++) { times.Add(trace.Peaks!.Time[k]); rows.Add(config.Hidden + k); }
                panels.Add(new RasterPanel($"class {c}, sample {i}: {(outcomes[i].Loss.Correct ? "correct" : "wrong")}", [.. times], [.. rows], config.Hidden));
            }
        return new NamedFigure("rasters", new RasterFigure("Spike rasters of test samples, two per class", panels, "time (ms)", "neuron")
        {
            Caption = $"Each panel is one test sample: a black dot per spike of a hidden neuron (rows 0–{config.Hidden - 1}) and, in red above the line, " +
                      (config.Readout == SpikeReadout.Vmax ? "the time of each read-out neuron's maximum voltage" : "each output neuron's spikes (the earliest is the class)") +
                      $" (rows {config.Hidden}–{config.Hidden + task.Classes - 1}, output k at row {config.Hidden}+k). Input spikes are not drawn.",
        });
    }

    /// <summary>Histograms of the output neurons' first-spike times (or of the read-out maxima's times) over the test set.</summary>
    NamedFigure OutputTimes(Outcome[] outcomes)
    {
        bool vmax = config.Readout == SpikeReadout.Vmax;
        var times = Enumerable.Range(0, task.Classes).Select(k => outcomes.Select(o => vmax ? o.Trace.Peaks!.Time[k] : o.Output[k]).Where(double.IsFinite).ToArray()).ToArray();
        double top = Math.Max(1, times.SelectMany(t => t).DefaultIfEmpty(1).Max());
        const int bins = 40;
        var centres = Enumerable.Range(0, bins).Select(b => (b + 0.5) * top / bins).ToArray();
        var series = times.Select((t, k) => new Series($"output {k} ({t.Length} of {outcomes.Length} fired)",
            centres, Enumerable.Range(0, bins).Select(b => (double)t.Count(v => Math.Min(bins - 1, (int)(v / top * bins)) == b)).ToArray())).ToArray();
        return new NamedFigure("output-times", new LinesFigure(vmax ? "When each read-out neuron reaches its maximum voltage" : "First-spike times of each output neuron",
            "time (ms)", "test samples", series)
        {
            Caption = vmax
                ? "For every read-out neuron, how many test samples reach their maximum voltage in each time bin."
                : "For every output neuron, how many test samples have their first spike in each time bin; the legend gives how many fired at all.",
        });
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Tensor> ExportWeights() => weights.Export();

    /// <inheritdoc/>
    public Glossary Glossary() => JobOutput.Common()
        .Add("loss", "Mean loss of the mini-batch (time-to-first-spike or max-voltage cross-entropy; a sample whose label neuron never fired counts 0).")
        .Add("accuracy", "Share of the mini-batch classified correctly.")
        .Add("train_accuracy", "Share of the epoch's training samples classified correctly while being trained on (with input dropout).")
        .Add("train_loss", "Mean loss over the epoch's training samples.")
        .Add("train_counted_fraction", "Share of the epoch's training samples whose label neuron fired (the others give no gradient, as in the official code).")
        .Add("validation_accuracy", "Share of the validation set classified correctly.")
        .Add("validation_loss", "Mean loss over the validation set.")
        .Add("test_accuracy", "Share of the test set classified correctly (TTFS: the label neuron fired and no other fired strictly earlier; V_max: the label's maximum is strictly the largest). The paper reports the last epoch's value.")
        .Add("test_loss", "Mean loss over the test set.")
        .Add("test_accuracy_per_class", "Test accuracy of each class.")
        .Add("hidden_spikes_per_sample", "Mean number of hidden-layer spikes per test sample.")
        .Add("output_spikes_per_sample", "Mean number of output spikes per test sample.")
        .Add("silent_label_fraction", "Share of test samples whose label neuron never fired (counted wrong).")
        .Add("lr", "The epoch's learning rate.")
        .Add("network", "Inputs-hidden-outputs and the read-out.")
        .Add("method", "How the network was simulated and differentiated.")
        .Add("train_samples", "Training samples.")
        .Add("test_samples", "Test samples.");

    /// <inheritdoc/>
    public void Dispose()
    {
        State.Optimizer.Dispose();
        weights.Dispose();
        State.Rng.Dispose();
    }
}
