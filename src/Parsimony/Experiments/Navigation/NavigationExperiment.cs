using System.Text.Json.Nodes;
using Parsimony.Experiments.Sparse;
using Parsimony.Information;
using Parsimony.Regularization;
using Parsimony.Reports;
using Parsimony.Tasks.Navigation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Navigation;

/// <summary>
/// Trains <see cref="NavigationModel"/> to path-integrate with moduli regularization and gradual magnitude pruning, and
/// reports the decoding error in cm on fixed validation trajectories (spec moduli.md §3.1).
/// </summary>
public sealed class NavigationExperiment : SparseRnnExperiment
{
    /// <summary>Seed of the validation stream, the same for every run so errors compare across configurations.</summary>
    public const long ValidationStream = -1;

    readonly NavigationConfig config;
    readonly NavigationModel model;
    readonly PlaceCells places;
    readonly TrajectoryGenerator trajectories;
    readonly TrajectoryBatch[] validation;
    (double Skaggs, double Ssi)? dense;

    /// <summary>Builds place cells, model, masks and regularizer from <c>config.Seed</c>.</summary>
    public NavigationExperiment(NavigationConfig config, Device device) : base(config, device)
    {
        this.config = config;
        random.manual_seed(config.Seed);
        places = new PlaceCells(config.PlaceCells, config.Box, config.PlaceCellWidth, config.PlaceCellSeed, device);
        trajectories = new TrajectoryGenerator(config.Box, config.SequenceLength);
        validation = Enumerable.Range(0, config.ValidationBatches)
            .Select(i => trajectories.Batch(ValidationStream, i, config.BatchSize, device)).ToArray();
        model = new NavigationModel(config.PlaceCells, config.Hidden, config.RecurrentInit, config.StartCodeGain);
        model.to(device);
        var recurrent = model.Rnn.RecurrentWeights().Single();
        Initialize(model, model.PrunedWeights().ToList(), [new PenalizedWeight("rnn." + recurrent.Name, recurrent.Weight)],
            new Dictionary<string, Generator>());
    }

    /// <inheritdoc/>
    public override string Name => "navigation";
    /// <inheritdoc/>
    public override int StepsPerEpoch => config.Steps;
    /// <inheritdoc/>
    public override double? ClipNorm => config.Clip > 0 ? config.Clip : null;

    Tensor Recurrent => model.Rnn.RecurrentWeights().Single().Weight;

    /// <summary>The recurrent matrix's penalty matrix R (for benchmarks and analysis).</summary>
    public Tensor PenaltyMatrix() => Regularizer?.PenaltyFor(0) ?? throw new InvalidOperationException("This run has no moduli penalty.");

    /// <summary>The place-cell centres [Np, 2] in metres.</summary>
    public Tensor PlaceCellCentres() => places.Centres;

    /// <inheritdoc/>
    protected override OptimizerHelper CreateOptimizer(IEnumerable<Parameter> parameters) =>
        optim.AdamW(parameters, config.Lr, weight_decay: config.WeightDecay);

    /// <inheritdoc/>
    protected override nn.Module CreateFreshModel() => new NavigationModel(config.PlaceCells, config.Hidden, config.RecurrentInit, config.StartCodeGain);

    /// <inheritdoc/>
    public override (Tensor Loss, IReadOnlyDictionary<string, double> Metrics) Loss(long step)
    {
        model.train();
        using var batch = trajectories.Batch(config.Seed, step, config.BatchSize, Device);
        var logits = model.call(batch.Velocity, places.Encode(batch.Start));
        var crossEntropy = -(places.Encode(batch.Position) * logits.log_softmax(-1)).sum(-1).mean();
        return (Regularized(crossEntropy), new Dictionary<string, double>());
    }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double> EndEpoch(int epoch)
    {
        var metrics = SparsityMetrics(epoch, [Recurrent]);
        var pass = Validate(InformationUnits());
        metrics["err_cm"] = pass.Errors.Mean;
        var (skaggs, ssi) = HiddenInformation(pass);
        metrics["hidden_skaggs_bits_per_spike"] = skaggs;
        metrics["hidden_ssi_bits_per_spike"] = ssi;
        if (Pruner is null || Pruner.Sparsity() == 0) dense = (skaggs, ssi);
        return metrics;
    }

    /// <summary>Decoding errors (cm) over the validation set: mean, and shares ≥ 10, 20 and 50 cm.</summary>
    public readonly record struct DecodingErrors(double Mean, double Over10, double Over20, double Over50);

    /// <summary>One validation pass: decoding errors and the rate maps of the requested hidden units.</summary>
    readonly record struct ValidationPass(DecodingErrors Errors, double[][] Maps, double[] Counts);

    /// <summary>
    /// Decoding errors over the validation set. With <paramref name="zeroSmallRecurrent"/> the recurrent weights with
    /// |w| &lt; 1e-3 are zeroed for the evaluation only (the reference's final protocol).
    /// </summary>
    public DecodingErrors ErrorsCm(bool zeroSmallRecurrent = false) => Validate([], zeroSmallRecurrent).Errors;

    /// <summary>
    /// One forward pass over the validation set giving both the decoding errors and the mean activity of hidden units
    /// <paramref name="units"/> in 20 × 20 position bins ([unit][bin], bin = iy·20 + ix) with the samples per bin.
    /// </summary>
    ValidationPass Validate(long[] units, bool zeroSmallRecurrent = false)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var w = Recurrent;
        var saved = zeroSmallRecurrent ? w.clone() : null;
        if (saved is not null) w.masked_fill_(w.abs() < 1e-3, 0);
        var sums = units.Select(_ => new double[MapBins * MapBins]).ToArray();
        var counts = new double[MapBins * MapBins];
        var errors = new List<Tensor>();
        using var selected = tensor(units, device: Device);
        foreach (var batch in validation)
        {
            var hidden = model.Hidden(batch.Velocity, places.Encode(batch.Start));
            errors.Add((places.Decode(model.Readout(hidden), config.TopK) - batch.Position).square().sum(-1).sqrt().flatten() * 100);
            if (units.Length == 0) continue;
            var rates = hidden.index_select(2, selected).reshape(-1, units.Length).to(float64).cpu().data<double>().ToArray();
            var pos = batch.Position.reshape(-1, 2).to(float64).cpu().data<double>().ToArray();
            for (int s = 0; s < pos.Length / 2; s++)
            {
                int bin = Bin(pos[2 * s + 1]) * MapBins + Bin(pos[2 * s]);
                counts[bin]++;
                for (int u = 0; u < units.Length; u++) sums[u][bin] += rates[s * units.Length + u];
            }
        }
        if (saved is not null) w.copy_(saved);
        var all = cat(errors);
        double Share(double cm) => (all >= cm).to(float32).mean().item<float>();
        var maps = sums.Select(sum => sum.Select((v, b) => counts[b] > 0 ? v / counts[b] : 0).ToArray()).ToArray();
        return new ValidationPass(new DecodingErrors(all.mean().item<float>(), Share(10), Share(20), Share(50)), maps, counts);

        int Bin(double v) => Math.Clamp((int)((v / config.Box + 0.5) * MapBins), 0, MapBins - 1);
    }

    /// <inheritdoc/>
    protected override Dictionary<string, double> Summary()
    {
        var (mean, over10, over20, over50) = ErrorsCm(zeroSmallRecurrent: true);
        var raw = Validate(InformationUnits());
        var summary = new Dictionary<string, double>
        {
            ["err_cm"] = mean,
            ["err_cm_raw"] = raw.Errors.Mean,
            ["share_err_over_10cm"] = over10,
            ["share_err_over_20cm"] = over20,
            ["share_err_over_50cm"] = over50,
            ["recurrent_below_1e-3"] = ShareBelow1e3([Recurrent]),
        };
        if (Pruner is not null) summary["sparsity"] = Pruner.Sparsity();
        (summary["hidden_skaggs_bits_per_spike"], summary["hidden_ssi_bits_per_spike"]) = HiddenInformation(raw);
        if (dense is var (skaggs, ssi))
        {
            summary["dense_hidden_skaggs_bits_per_spike"] = skaggs;
            summary["dense_hidden_ssi_bits_per_spike"] = ssi;
        }
        return summary;
    }

    /// <inheritdoc/>
    public override void WriteFigures(string figuresDir)
    {
        using var _ = no_grad();
        model.eval();
        var order = NeuronOrder(config.Hidden);
        Figures.OrderedMatrix(Path.Combine(figuresDir, "recurrent-weights-ordered.png"),
            $"|W_hh| ordered along the {Regularizer?.Space?.Name ?? "index"}", Recurrent.abs(), order);
        if (Regularizer is not null)
            Figures.OrderedMatrix(Path.Combine(figuresDir, "penalty-ordered.png"), "Penalty R (same order)", Regularizer.PenaltyFor(0), order);
        if (Pruner is not null)
        {
            var perMatrix = Pruner.SparsityPerMatrix();
            Figures.Bars(Path.Combine(figuresDir, "sparsity-per-matrix.png"), "Pruned share per matrix", "sparsity",
                perMatrix.Values.ToArray(), perMatrix.Keys.Select(k => k.Replace("rnn.rnn.", "")).ToArray());
        }
        WriteTrajectories(Path.Combine(figuresDir, "decoded-trajectories.png"));
        WriteRateMaps(Path.Combine(figuresDir, "rate-maps.png"), order);
    }

    void WriteTrajectories(string path)
    {
        var batch = validation[0];
        var decoded = places.Decode(model.call(batch.Velocity, places.Encode(batch.Start)), config.TopK).cpu();
        var truth = batch.Position.cpu();
        var series = new List<Series>();
        for (int b = 0; b < Math.Min(3, config.BatchSize); b++)
        {
            series.Add(new Series($"true {b + 1}", Column(truth, b, 0), Column(truth, b, 1)));
            series.Add(new Series($"decoded {b + 1}", Column(decoded, b, 0), Column(decoded, b, 1)));
        }
        Figures.Lines(path, "Validation trajectories: true vs decoded (m)", "x (m)", "y (m)", series);
    }

    static double[] Column(Tensor positions, int trajectory, int coordinate) =>
        positions.select(1, trajectory).select(1, coordinate).to(float64).data<double>().ToArray();

    const int MapBins = 20;

    /// <summary>
    /// Stimulus information of the hidden population over position (spec ssi.md): mean Skaggs bits/spike of the hidden
    /// units and the SSI of their information matrix, from the 20 × 20 rate maps of a validation pass over
    /// <see cref="InformationUnits"/> (occupancy p).
    /// </summary>
    static (double SkaggsBitsPerSpike, double Ssi) HiddenInformation(ValidationPass pass)
    {
        var matrix = StimulusInformationMatrix.FromOccupancy(pass.Maps, pass.Counts);
        return (matrix.Cells.Average(c => c.BitsPerSpike), Information.Ssi.Compute(matrix).Lambda1);
    }

    /// <summary>The hidden units the information measures use: all, or 512 evenly spaced ones so large networks stay cheap.</summary>
    long[] InformationUnits()
    {
        int n = Math.Min(512, config.Hidden);
        return Enumerable.Range(0, n).Select(i => (long)i * config.Hidden / n).ToArray();
    }

    /// <summary>Rate maps of 16 hidden units (evenly spaced in manifold order), each scaled to its peak.</summary>
    void WriteRateMaps(string path, long[] order)
    {
        int units = Math.Min(16, config.Hidden);
        var chosen = Enumerable.Range(0, units).Select(i => order[(long)i * order.Length / units]).ToArray();
        var (_, maps, counts) = Validate(chosen);
        var info = StimulusInformationMatrix.FromOccupancy(maps, counts);
        Figures.Mosaic(path, "Rate maps of 16 hidden units in manifold order (bits/spike)", maps, MapBins, MapBins, counts,
            chosen.Select((u, i) => $"{u}: {info.Cells[i].BitsPerSpike:F2}").ToList());
    }

    /// <inheritdoc/>
    public override JsonObject SaveExtra()
    {
        var extra = base.SaveExtra();
        if (dense is var (skaggs, ssi)) extra["dense_hidden_information"] = new JsonArray(skaggs, ssi);
        return extra;
    }

    /// <inheritdoc/>
    public override void LoadExtra(JsonObject extra)
    {
        base.LoadExtra(extra);
        if (extra["dense_hidden_information"] is JsonArray d) dense = ((double)d[0]!, (double)d[1]!);
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        foreach (var b in validation) b.Dispose();
        places.Dispose();
        base.Dispose();
    }
}
