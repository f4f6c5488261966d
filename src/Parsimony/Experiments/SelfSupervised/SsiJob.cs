using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Information;
using Parsimony.Information.Losses;
using Parsimony.Models.Navigation;
using Parsimony.Runs;
using Parsimony.Tasks.Navigation;
using Parsimony.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Parsimony.Experiments.SelfSupervised;

/// <summary>
/// Self-supervised stimulus-information training (spec ssi.md §3): a bias-free ReLU RNN (<see cref="PathIntegrationRnn"/>
/// with a ReLU readout) integrates the input of its <see cref="IStimulusTask"/> from a start cue, and the readout is
/// trained only to maximise an information measure of its own activity over each trajectory (no labels). Evaluated on
/// fixed batches: tuning curves or rate maps of the readout, their shape score, the SSI and Skaggs information of the
/// population and decoding accuracy — each also for the untrained network (the same initial weights) as the baseline.
/// </summary>
public sealed class SsiJob : IAutogradJob
{
    const long EvaluationStream = -1;

    readonly SsiConfig config;
    readonly IStimulusTask task;
    readonly Device device;
    readonly PathIntegrationRnn model;
    readonly RngStreams rng = new();
    readonly Generator dropout;
    readonly TrajectoryBatch[] evaluation;
    readonly List<double> epochLosses = [];
    (Evaluation Trained, Evaluation Untrained)? final;

    /// <summary>Builds the model and optimizer from <c>config.Seed</c> for <paramref name="task"/> (which the job then owns).</summary>
    public SsiJob(SsiConfig config, IStimulusTask task, ComputeContext context)
    {
        config.Validate();
        this.config = config;
        this.task = task;
        device = context.Device;
        model = NewModel();
        dropout = rng.Add("dropout", (ulong)config.Seed + 1);
        State = new TrainingState(model, optim.Adam(model.parameters(), config.Lr), rng);
        evaluation = Enumerable.Range(0, config.EvalBatches).Select(i => task.Trajectories.Batch(EvaluationStream, i, config.BatchSize, device)).ToArray();
    }

    PathIntegrationRnn NewModel()
    {
        var m = RngStreams.Seeded(config.Seed, () => new PathIntegrationRnn(config.Readout, config.Hidden, reluReadout: true));
        m.to(device);
        return m;
    }

    /// <inheritdoc/>
    public string Name => task.Name;
    /// <inheritdoc/>
    public int Epochs => config.Epochs;
    /// <inheritdoc/>
    public int StepsPerEpoch => config.Steps;
    /// <inheritdoc/>
    public double? ClipNorm => null;
    /// <inheritdoc/>
    public TrainingState State { get; }

    /// <inheritdoc/>
    public void BeginEpoch(int epoch) => epochLosses.Clear();

    /// <inheritdoc/>
    public (Tensor Loss, IReadOnlyDictionary<string, double> Metrics) Loss(long step)
    {
        model.train();
        using var batch = task.Trajectories.Batch(config.Seed, step, config.BatchSize, device);
        var (input, cue, _) = task.Inputs(batch);
        var hidden = model.Hidden(input, cue);
        if (config.Dropout > 0)
        {
            var keep = empty(hidden.shape, float32, CPU).bernoulli_(1 - config.Dropout, dropout).to(device);
            hidden = hidden * keep / (1 - config.Dropout);
        }
        var loss = InformationLosses.Loss(config.Loss, model.Readout(hidden).permute(1, 0, 2));
        if (config.WeightDecay > 0) loss = loss + config.WeightDecay * model.Recurrent.square().sum();
        return (loss, new Dictionary<string, double>());
    }

    /// <inheritdoc/>
    public bool NeedsEveryLoss => true;   // the losses of an epoch feed the early-stop rule

    /// <inheritdoc/>
    public bool EndsEpochEarly(int stepInEpoch, double loss)
    {
        epochLosses.Add(loss);
        return config.EarlyStop && stepInEpoch >= 5 && loss >= epochLosses.TakeLast(3).Average();
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> EndEpoch(int epoch)
    {
        var e = Evaluate(model);
        return new Dictionary<string, double> { ["eval_loss"] = e.Loss, ["ssi_bits_per_spike"] = e.Ssi, [task.ShapeMetric] = e.Shape };
    }

    /// <inheritdoc/>
    public JsonObject Summarize()
    {
        var (trained, untrained) = Final();
        var summary = new JsonObject();
        foreach (var (prefix, e) in new[] { ("", trained), ("untrained_", untrained) })
        {
            summary[prefix + "loss"] = e.Loss;
            summary[prefix + "ssi_bits_per_spike"] = e.Ssi;
            summary[prefix + "skaggs_bits_per_spike_mean"] = e.Matrix.Cells.Average(c => c.BitsPerSpike);
            summary[prefix + task.ShapeMetric + "_mean"] = e.Shape;
            if (task.ReportsUnimodality) summary[prefix + "unimodal_share"] = e.Unimodal;
            summary[prefix + "active_units"] = e.ActiveUnits;
            summary[prefix + "decoding_naive_bayes"] = e.Decoding.NaiveBayes;
            summary[prefix + "decoding_linear"] = e.Decoding.Linear;
        }
        summary["chance_naive_bayes"] = 1.0 / MapDecoding.Classes(task.Binning, task.DecodingParts.Bayes);
        summary["chance_linear"] = 1.0 / MapDecoding.Classes(task.Binning, task.DecodingParts.Linear);
        return summary;
    }

    /// <summary>The trained network's evaluation and the untrained one's (its initial weights, rebuilt from the seed), computed once.</summary>
    (Evaluation Trained, Evaluation Untrained) Final()
    {
        if (final is { } done) return done;
        using var fresh = NewModel();
        return (final = (Evaluate(model), Evaluate(fresh))).Value;
    }

    /// <summary>What an evaluation measured.</summary>
    sealed record Evaluation(double Loss, double[][] Maps, double[] Occupancy, double Ssi, double[] UnitShape, double Shape,
                             double Unimodal, int ActiveUnits, MapDecodingResult Decoding, StimulusInformationMatrix Matrix);

    /// <summary>Maps, information, shape scores and decoding of <paramref name="m"/> on the fixed evaluation batches.</summary>
    Evaluation Evaluate(PathIntegrationRnn m)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        m.eval();
        var accumulator = new RateMapAccumulator(config.Readout, task.Binning.Count);
        double loss = 0;
        foreach (var batch in evaluation)
        {
            var (input, cue, stimulus) = task.Inputs(batch);
            var rates = m.call(input, cue);
            loss += InformationLosses.Loss(config.Loss, rates.permute(1, 0, 2)).item<float>() / evaluation.Length;
            ActivityMaps.Add(accumulator, task.Binning, stimulus, rates);
        }
        var maps = accumulator.Means();
        var counts = accumulator.Weights;
        var matrix = StimulusInformationMatrix.FromOccupancy(maps, counts);
        var shape = maps.Select(task.Shape).ToArray();
        var active = Enumerable.Range(0, config.Readout).Where(u => maps[u].Max() > 0).ToArray();
        double unimodal = !task.ReportsUnimodality || active.Length == 0 ? 0 : active.Count(u => TuningShape.Peaks(maps[u]) == 1) / (double)active.Length;
        var decoding = MapDecoding.Accuracy(maps, counts, task.Binning, task.DecodingParts.Bayes, task.DecodingParts.Linear);
        return new Evaluation(loss, maps, counts, Ssi.Compute(matrix).Lambda1, shape, active.Length == 0 ? 0 : active.Average(u => shape[u]),
            unimodal, active.Length, decoding, matrix);
    }

    /// <inheritdoc/>
    public IEnumerable<NamedFigure> Figures()
    {
        var (trained, untrained) = Final();
        var kind = task.Binning.Kind == Recordings.StimulusKind.Angle ? "tuning-curves" : "rate-maps";
        foreach (var (suffix, title, e) in new[] { ("", "trained", trained), ("-untrained", "untrained", untrained) })
            yield return task.MapsFigure(kind + suffix, $"{title} ({LossName}; SSI = {e.Ssi:F2})", e.Maps, e.Occupancy, e.UnitShape);
        yield return new NamedFigure("si-matrix", new HeatmapFigure($"Stimulus information matrix of the trained readout (SSI = {trained.Ssi:F2})",
            JobOutput.Rows(trained.Matrix.BitsPerSpike), "unit", "unit")
        {
            ColorLabel = "bits/spike",
            Caption = "J_spike(a, b) for every pair of readout units (spec ssi.md §1.2; the diagonal is each unit's Skaggs information). " +
                      "The SSI is its leading eigenvalue: large when many units carry information about different parts of the stimulus.",
        });
    }

    /// <summary>The loss as the command line spells it (eigen-i, skaggs, …).</summary>
    string LossName => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(config.Loss.ToString());

    /// <inheritdoc/>
    public Glossary Glossary() => JobOutput.Common()
        .Add("loss", $"The information loss of the logged step ({LossName}: minus the information of the readout's activity over each trajectory; no labels). In the summary: its mean over the fixed evaluation batches.")
        .Add("eval_loss", "The loss on the fixed evaluation batches after the epoch.")
        .Add("ssi_bits_per_spike", "Spectral stimulus information of the readout: the leading eigenvalue of its stimulus information matrix over the evaluation maps (occupancy p). It adds up over units, so it can exceed log2 of the bin count.", "bits/spike")
        .Add("skaggs_bits_per_spike_mean", "Mean Skaggs information of the readout units' maps.", "bits/spike")
        .Add("place_score", "Mean place score of the active readout units after the epoch.")
        .Add("place_score_mean", "Mean place score of the active readout units: −100·smoothness + 10·consistency − 10·sparsity of the min–max normalised map (the authors' evaluation); higher is more place-like.")
        .Add("resultant_length", "Mean resultant-vector length of the active units' tuning curves after the epoch.")
        .Add("resultant_length_mean", "Mean length of the mean resultant vector of the active units' tuning curves: 1 for tuning to a single direction, 0 for flat or symmetric tuning.")
        .Add("unimodal_share", "Share of active units whose tuning curve (smoothed by one bin) has exactly one peak above half its maximum.")
        .Add("active_units", "Readout units with any activity on the evaluation batches.")
        .Add("decoding_naive_bayes", "Leave-one-out accuracy of naive Bayes decoding the coarse stimulus class of each visited bin from the population vector binarised at each unit's mean.")
        .Add("decoding_linear", "Held-out accuracy of a linear (softmax) classifier decoding the coarse stimulus class of each visited bin from the rates.")
        .Add("chance_naive_bayes", "Chance level of the naive-Bayes decoding (one over the classes).")
        .Add("chance_linear", "Chance level of the linear decoding (one over the classes).")
        .AddPrefix("untrained_", "For the untrained network (the same initial weights, rebuilt from the seed), the baseline:");



    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var b in evaluation) b.Dispose();
        task.Dispose();
        State.Optimizer.Dispose();
        model.Dispose();
        rng.Dispose();
    }
}
