using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Experiments.Navigation;
using Parsimony.Information;
using Parsimony.Reports;
using Parsimony.Runs;
using Parsimony.Tasks.Navigation;
using Parsimony.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Ssi;

/// <summary>
/// Trains the RNN of spec ssi.md §3 on an information loss of its own readout (no labels) and evaluates what emerged:
/// rate maps (place) or tuning curves (head direction) of the readout units, place score or tuning unimodality, the SSI
/// and Skaggs information of the learned population, and decoding accuracy — each also for the untrained network (the
/// same initial weights) as the baseline.
/// </summary>
public sealed class SsiExperiment : ITrainable
{
    const long EvaluationStream = -1;

    readonly SsiConfig config;
    readonly Device device;
    readonly NavigationModel model;
    readonly TrajectoryGenerator trajectories;
    readonly PlaceCells? places;
    readonly RingCells? ring;
    readonly Generator dropoutGenerator;
    readonly TrajectoryBatch[] evaluation;
    readonly List<double> epochLosses = [];
    (Evaluation Trained, Evaluation Untrained)? final;

    /// <summary>Builds cue cells, model and optimizer from <c>config.Seed</c>.</summary>
    public SsiExperiment(SsiConfig config, Device device)
    {
        this.config = config;
        this.device = device;
        bool place = config is SsiPlaceConfig;
        trajectories = new TrajectoryGenerator(config is SsiPlaceConfig p ? p.Box : 2.2, config.SequenceLength);
        if (place) places = new PlaceCells(config.Readout, ((SsiPlaceConfig)config).Box, config.StartCueWidth, seed: 0, device);
        else ring = new RingCells(config.Readout, config.StartCueWidth, device);
        model = NewModel();
        State = new TrainingState(model, optim.Adam(model.parameters(), config.Lr),
            new Dictionary<string, Generator> { ["dropout"] = dropoutGenerator = new Generator((ulong)config.Seed + 1, CPU) });
        evaluation = Enumerable.Range(0, config.EvalBatches).Select(i => trajectories.Batch(EvaluationStream, i, config.BatchSize, device)).ToArray();
    }

    NavigationModel NewModel()
    {
        random.manual_seed(config.Seed);
        var m = new NavigationModel(config.Readout, config.Hidden, reluReadout: true);
        m.to(device);
        return m;
    }

    bool IsPlace => places is not null;

    /// <inheritdoc/>
    public string Name => IsPlace ? "ssi-place" : "ssi-hd";
    /// <inheritdoc/>
    public int Epochs => config.Epochs;
    /// <inheritdoc/>
    public int StepsPerEpoch => config.Steps;
    /// <inheritdoc/>
    public double? ClipNorm => null;
    /// <inheritdoc/>
    public TrainingState State { get; }

    /// <summary>Network input [T, B, 2], start cue [B, Np] and the stimulus of every step ([T, B, 2] positions or [T, B] headings).</summary>
    (Tensor Input, Tensor Cue, Tensor Stimulus) Inputs(TrajectoryBatch batch)
    {
        if (places is not null) return (batch.Velocity, places.Encode(batch.Start), batch.Position);
        // Path integration on the unit circle: the input is the displacement of the heading vector (cos θ, sin θ), zero at the first step.
        var heading = atan2(batch.Velocity[.., .., 1], batch.Velocity[.., .., 0]);                // [T, B]
        var direction = stack([heading.cos(), heading.sin()], -1);                                 // [T, B, 2]
        var step = cat([zeros_like(direction[..1]), direction[1..] - direction[..^1]]);
        return (step, ring!.Encode(heading[0]), heading);
    }

    /// <inheritdoc/>
    public void BeginEpoch(int epoch) => epochLosses.Clear();

    /// <inheritdoc/>
    public (Tensor Loss, IReadOnlyDictionary<string, double> Metrics) Loss(long step)
    {
        model.train();
        using var batch = trajectories.Batch(config.Seed, step, config.BatchSize, device);
        var (input, cue, _) = Inputs(batch);
        var hidden = model.Hidden(input, cue);
        if (config.Dropout > 0)
        {
            var keep = empty(hidden.shape, float32, CPU).bernoulli_(1 - config.Dropout, dropoutGenerator).to(device);
            hidden = hidden * keep / (1 - config.Dropout);
        }
        var loss = InformationLosses.Loss(config.Loss, model.Readout(hidden).permute(1, 0, 2));
        if (config.WeightDecay > 0) loss = loss + config.WeightDecay * model.Rnn.RecurrentWeights().Single().Weight.square().sum();
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
    public void AfterBackward() { }
    /// <inheritdoc/>
    public void AfterStep() { }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> EndEpoch(int epoch)
    {
        var e = Evaluate(model);
        return new Dictionary<string, double>
        {
            ["eval_loss"] = e.Loss, ["ssi_bits_per_spike"] = e.Ssi, [IsPlace ? "place_score" : "resultant_length"] = e.Shape,
        };
    }

    /// <inheritdoc/>
    public JsonObject SaveExtra() => [];
    /// <inheritdoc/>
    public void LoadExtra(JsonObject extra) { }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> Summarize()
    {
        var (trained, untrained) = Final();
        var summary = new Dictionary<string, double>();
        foreach (var (prefix, e) in new[] { ("", trained), ("untrained_", untrained) })
        {
            summary[prefix + "loss"] = e.Loss;
            summary[prefix + "ssi_bits_per_spike"] = e.Ssi;
            summary[prefix + "skaggs_bits_per_spike_mean"] = e.Matrix.Cells.Average(c => c.BitsPerSpike);
            summary[prefix + (IsPlace ? "place_score_mean" : "resultant_length_mean")] = e.Shape;
            if (!IsPlace) summary[prefix + "unimodal_share"] = e.Unimodal;
            summary[prefix + "active_units"] = e.ActiveUnits;
            summary[prefix + "decoding_naive_bayes"] = e.NaiveBayes;
            summary[prefix + "decoding_linear"] = e.Linear;
        }
        summary["chance_naive_bayes"] = 1.0 / (IsPlace ? 16 : 8);
        summary["chance_linear"] = 0.25;
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
                             double Unimodal, int ActiveUnits, double NaiveBayes, double Linear, StimulusInformationMatrix Matrix);

    /// <summary>Rate maps / tuning curves, information, shape scores and decoding of <paramref name="m"/> on the fixed evaluation batches.</summary>
    Evaluation Evaluate(NavigationModel m)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        m.eval();
        int units = config.Readout, bins = IsPlace ? ((SsiPlaceConfig)config).MapBins : ((SsiHeadDirectionConfig)config).MapBins;
        int mapBins = IsPlace ? bins * bins : bins;
        var sums = new double[units][];
        for (int u = 0; u < units; u++) sums[u] = new double[mapBins];
        var counts = new double[mapBins];
        double loss = 0;
        foreach (var batch in evaluation)
        {
            var (input, cue, stimulus) = Inputs(batch);
            var rates = m.call(input, cue);
            loss += InformationLosses.Loss(config.Loss, rates.permute(1, 0, 2)).item<float>() / evaluation.Length;
            var r = rates.reshape(-1, units).to(float64).cpu().data<double>().ToArray();
            var s = stimulus.to(float64).cpu().data<double>().ToArray();
            int samples = r.Length / units;
            for (int i = 0; i < samples; i++)
            {
                int bin = IsPlace ? PlaceBin(s[2 * i], s[2 * i + 1], bins) : HeadingBin(s[i], bins);
                counts[bin]++;
                for (int u = 0; u < units; u++) sums[u][bin] += r[i * units + u];
            }
        }
        var maps = sums.Select(sum => sum.Select((v, b) => counts[b] > 0 ? v / counts[b] : 0).ToArray()).ToArray();
        var matrix = StimulusInformationMatrix.FromOccupancy(maps, counts);
        var shape = maps.Select(map => IsPlace ? PlaceScore.Compute(map, bins, bins) : ResultantLength(map)).ToArray();
        var active = Enumerable.Range(0, units).Where(u => maps[u].Max() > 0).ToArray();
        double unimodal = IsPlace || active.Length == 0 ? 0 : active.Count(u => Peaks(maps[u]) == 1) / (double)active.Length;

        // Decoding from the population vector of every visited map bin (the tuning, not single noisy steps): naive Bayes on
        // activity binarised at each unit's mean (leave-one-out, 4 × 4 bins or 8 sectors), a linear classifier on rates (quadrants or 4 sectors).
        var visited = Enumerable.Range(0, mapBins).Where(b => counts[b] > 0).ToArray();
        var means = maps.Select(map => visited.Average(b => map[b])).ToArray();
        var vectors = visited.Select(b => maps.Select(map => map[b]).ToArray()).ToArray();
        var binary = vectors.Select(v => v.Select((x, u) => x > means[u] ? 1.0 : 0).ToArray()).ToArray();
        double nb = Decoders.NaiveBayesLeaveOneOut(binary, visited.Select(b => Label(b, bins, IsPlace ? 4 : 8)).ToArray(), IsPlace ? 16 : 8);
        double linear = Decoders.LinearClassifier(vectors, visited.Select(b => Label(b, bins, IsPlace ? 2 : 4)).ToArray(), 4);
        return new Evaluation(loss, maps, counts, Information.Ssi.Compute(matrix).Lambda1,
            shape, active.Length == 0 ? 0 : active.Average(u => shape[u]), unimodal, active.Length, nb, linear, matrix);
    }

    /// <summary>Map bin of a position in the box (centred at 0).</summary>
    int PlaceBin(double x, double y, int bins)
    {
        double box = ((SsiPlaceConfig)config).Box;
        int Index(double v) => Math.Clamp((int)((v / box + 0.5) * bins), 0, bins - 1);
        return Index(y) * bins + Index(x);
    }

    /// <summary>Tuning bin of a heading.</summary>
    static int HeadingBin(double angle, int bins) =>
        Math.Min(bins - 1, (int)((angle % (2 * Math.PI) + 2 * Math.PI) % (2 * Math.PI) / (2 * Math.PI) * bins));

    /// <summary>The class of map bin <paramref name="bin"/> when the stimulus is cut into <paramref name="parts"/> per axis (or sectors).</summary>
    int Label(int bin, int bins, int parts) =>
        IsPlace ? bin / bins * parts / bins * parts + bin % bins * parts / bins : bin * parts / bins;

    /// <summary>Length of the mean resultant vector of a tuning curve: 1 for a single direction, 0 for flat or symmetric tuning.</summary>
    static double ResultantLength(double[] curve)
    {
        double c = 0, s = 0, total = curve.Sum();
        if (total <= 0) return 0;
        for (int b = 0; b < curve.Length; b++)
        {
            double a = (b + 0.5) * 2 * Math.PI / curve.Length;
            c += curve[b] * Math.Cos(a);
            s += curve[b] * Math.Sin(a);
        }
        return Math.Sqrt(c * c + s * s) / total;
    }

    /// <summary>Peaks of a circular tuning curve (smoothed by one bin): local maxima above half the maximum, adjacent ones merged.</summary>
    static int Peaks(double[] curve)
    {
        var smooth = GaussianSmoothing.Smooth(curve, curve.Length, 1, 1, circular: true);
        double half = smooth.Max() / 2;
        int n = smooth.Length, peaks = 0;
        for (int b = 0; b < n; b++)
            if (smooth[b] > half && smooth[b] >= smooth[(b + n - 1) % n] && smooth[b] > smooth[(b + 1) % n]) peaks++;
        return peaks;
    }

    /// <inheritdoc/>
    public void WriteFigures(string figuresDir)
    {
        var (trained, untrained) = Final();
        foreach (var (suffix, title, e) in new[] { ("", "trained", trained), ("-untrained", "untrained", untrained) })
        {
            if (IsPlace)
            {
                int bins = ((SsiPlaceConfig)config).MapBins;
                Figures.Mosaic(Path.Combine(figuresDir, $"rate-maps{suffix}.png"),
                    $"Readout rate maps, {title} ({config.Loss}; place score, SSI = {e.Ssi:F2})", e.Maps, bins, bins, e.Occupancy,
                    e.UnitShape.Select((v, u) => $"{u}: {v:F1}").ToList());
            }
            else
            {
                var degrees = Enumerable.Range(0, e.Occupancy.Length).Select(b => (b + 0.5) * 360.0 / e.Occupancy.Length).ToArray();
                Figures.Stacked(Path.Combine(figuresDir, $"tuning-curves{suffix}.png"),
                    $"Readout tuning curves, {title} ({config.Loss}; SSI = {e.Ssi:F2})", "heading (degrees)", degrees, e.Maps,
                    e.UnitShape.Select((r, u) => $"{u}: R = {r:F2}").ToList());
            }
        }
        Figures.Heatmap(Path.Combine(figuresDir, "si-matrix.png"), $"Stimulus information matrix of the trained readout (SSI = {trained.Ssi:F2})", trained.Matrix.BitsPerSpike, "unit", "unit");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var b in evaluation) b.Dispose();
        places?.Dispose();
        ring?.Dispose();
        dropoutGenerator.Dispose();
        State.Optimizer.Dispose();
        model.Dispose();
    }
}
