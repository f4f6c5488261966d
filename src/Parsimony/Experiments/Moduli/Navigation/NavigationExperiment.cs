using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Information;
using Parsimony.Models.Navigation;
using Parsimony.Runs;
using Parsimony.Tasks.Navigation;
using Parsimony.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Moduli.Navigation;

/// <summary>
/// Path integration as in the moduli paper (spec moduli.md §3.1): <see cref="PathIntegrationRnn"/> trained on place-cell
/// cross-entropy with moduli regularization and gradual magnitude pruning (<see cref="ModuliTraining"/>), reporting the
/// decoding error in cm on fixed validation trajectories and the stimulus information of the hidden population.
/// </summary>
public sealed class NavigationExperiment : IAutogradJob
{
    /// <summary>Seed of the validation stream, the same for every run so errors compare across configurations.</summary>
    public const long ValidationStream = -1;
    const int MapBins = 20, FigureUnits = 16, InformationUnitCap = 512;

    readonly NavigationConfig config;
    readonly Device device;
    readonly PathIntegrationRnn model;
    readonly ModuliTraining moduli;
    readonly PlaceCells places;
    readonly TrajectoryGenerator trajectories;
    readonly TrajectoryBatch[] validation;
    readonly StimulusBinning binning;
    readonly RngStreams rng = new();
    (double Skaggs, double Ssi)? dense;
    ValidationPass? latest;   // the pass of the last evaluation, while the weights have not changed since

    /// <summary>Builds place cells, model, masks and regularizer from <c>config.Seed</c>.</summary>
    public NavigationExperiment(NavigationConfig config, ComputeContext context)
    {
        config.Validate();
        this.config = config;
        device = context.Device;
        places = new PlaceCells(config.PlaceCells, config.Box, config.PlaceCellWidth, config.PlaceCellSeed, device);
        trajectories = new TrajectoryGenerator(config.Box, config.SequenceLength);
        validation = Enumerable.Range(0, config.ValidationBatches)
            .Select(i => trajectories.Batch(ValidationStream, i, config.BatchSize, device)).ToArray();
        binning = StimulusBinning.Box(MapBins, config.Box);
        model = RngStreams.Seeded(config.Seed, NewModel);
        model.to(device);
        moduli = new ModuliTraining(config, model, model.PrunedWeights(), [model.RecurrentRef], NewModel);
        State = new TrainingState(model, CreateOptimizer(), rng);
    }

    PathIntegrationRnn NewModel() => new(config.PlaceCells, config.Hidden, config.RecurrentInit, config.StartCodeGain);

    OptimizerHelper CreateOptimizer() => optim.AdamW(model.parameters(), config.Lr, weight_decay: config.WeightDecay);

    /// <inheritdoc/>
    public string Name => "navigation";
    /// <inheritdoc/>
    public int Epochs => moduli.Plan.TotalEpochs;
    /// <inheritdoc/>
    public int StepsPerEpoch => config.Steps;
    /// <inheritdoc/>
    public double? ClipNorm => config.Clip > 0 ? config.Clip : null;
    /// <inheritdoc/>
    public TrainingState State { get; private set; }

    /// <summary>The recurrent matrix's penalty matrix R (for benchmarks and analysis).</summary>
    public Tensor PenaltyMatrix() => moduli.Regularizer?.PenaltyFor(0) ?? throw new InvalidOperationException("This run has no moduli penalty.");

    /// <summary>The place-cell centres [Np, 2] in metres.</summary>
    public Tensor PlaceCellCentres() => places.Centres;

    /// <inheritdoc/>
    public void BeginEpoch(int epoch)
    {
        moduli.BeginEpoch(epoch, Summary, () => State = State with { Optimizer = CreateOptimizer() });
        latest = null;
    }

    /// <inheritdoc/>
    public (Tensor Loss, IReadOnlyDictionary<string, double> Metrics) Loss(long step)
    {
        latest = null;
        model.train();
        using var batch = trajectories.Batch(config.Seed, step, config.BatchSize, device);
        var logits = model.call(batch.Velocity, places.Encode(batch.Start));
        var crossEntropy = -(places.Encode(batch.Position) * logits.log_softmax(-1)).sum(-1).mean();
        return (moduli.Regularized(crossEntropy), new Dictionary<string, double>());
    }

    /// <inheritdoc/>
    public void AfterBackward() => moduli.AfterBackward();

    /// <inheritdoc/>
    public void AfterStep() => moduli.AfterStep();

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> EndEpoch(int epoch)
    {
        var metrics = moduli.Metrics(epoch, [model.Recurrent]);
        var pass = Latest();
        metrics["err_cm"] = pass.Errors.Mean;
        var (skaggs, ssi) = HiddenInformation(pass);
        metrics["hidden_skaggs_bits_per_spike"] = skaggs;
        metrics["hidden_ssi_bits_per_spike"] = ssi;
        if (moduli.IsLastDenseEpoch(epoch)) dense = (skaggs, ssi);
        return metrics;
    }

    /// <summary>Decoding errors (cm) over the validation set: mean, and shares ≥ 10, 20 and 50 cm.</summary>
    public readonly record struct DecodingErrors(double Mean, double Over10, double Over20, double Over50);

    /// <summary>
    /// One validation pass: the decoding errors, the rate maps of the information units and of the figure's units
    /// (the last two with the sample count per bin), and the decoded positions of the first validation batch.
    /// </summary>
    sealed record ValidationPass(DecodingErrors Errors, RateMapAccumulator Information, long[] FigureUnits, RateMapAccumulator Figure, Series[] Decoded);

    /// <summary>The validation pass of the current weights (computed once until the weights change).</summary>
    ValidationPass Latest() => latest ??= Validate(InformationUnits(), FigureUnitsInOrder());

    /// <summary>
    /// Decoding errors over the validation set. With <paramref name="zeroSmallRecurrent"/> the recurrent weights with
    /// |w| &lt; 1e-3 are zeroed for the evaluation only (the reference's final protocol).
    /// </summary>
    public DecodingErrors ErrorsCm(bool zeroSmallRecurrent = false) => Validate([], [], zeroSmallRecurrent).Errors;

    /// <summary>
    /// One forward pass over the validation set giving the decoding errors and the mean activity of hidden units
    /// <paramref name="informationUnits"/> and <paramref name="figureUnits"/> in 20 × 20 position bins.
    /// </summary>
    ValidationPass Validate(long[] informationUnits, long[] figureUnits, bool zeroSmallRecurrent = false)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var w = model.Recurrent;
        var saved = zeroSmallRecurrent ? w.clone() : null;
        if (saved is not null) w.masked_fill_(w.abs() < 1e-3, 0);
        var information = new RateMapAccumulator(informationUnits.Length, binning.Count);
        var figure = new RateMapAccumulator(figureUnits.Length, binning.Count);
        var errors = new List<Tensor>();
        Series[]? decoded = null;
        using var selectedInformation = tensor(informationUnits, device: device);
        using var selectedFigure = tensor(figureUnits, device: device);
        foreach (var batch in validation)
        {
            var hidden = model.Hidden(batch.Velocity, places.Encode(batch.Start));
            var positions = places.Decode(model.Readout(hidden), config.TopK);
            decoded ??= FirstTrajectories(positions.cpu(), "decoded");
            errors.Add((positions - batch.Position).square().sum(-1).sqrt().flatten() * 100);
            if (informationUnits.Length > 0) ActivityMaps.Add(information, binning, batch.Position, hidden.index_select(2, selectedInformation));
            if (figureUnits.Length > 0) ActivityMaps.Add(figure, binning, batch.Position, hidden.index_select(2, selectedFigure));
        }
        if (saved is not null) w.copy_(saved);
        var all = cat(errors);
        double Share(double cm) => (all >= cm).to(float32).mean().item<float>();
        return new ValidationPass(new DecodingErrors(all.mean().item<float>(), Share(10), Share(20), Share(50)), information, figureUnits, figure, decoded!);
    }

    /// <summary>The task's final metrics (the summary, and at the lottery start the first phase's results).</summary>
    Dictionary<string, double> Summary()
    {
        var (mean, over10, over20, over50) = ErrorsCm(zeroSmallRecurrent: true);
        var raw = Latest();
        var summary = new Dictionary<string, double>
        {
            ["err_cm"] = mean,
            ["err_cm_raw"] = raw.Errors.Mean,
            ["share_err_over_10cm"] = over10,
            ["share_err_over_20cm"] = over20,
            ["share_err_over_50cm"] = over50,
            ["recurrent_below_1e-3"] = Sparsity.SmallWeights.ShareBelow1e3([model.Recurrent]),
        };
        if (moduli.Pruner is not null) summary["sparsity"] = moduli.Pruner.Sparsity();
        (summary["hidden_skaggs_bits_per_spike"], summary["hidden_ssi_bits_per_spike"]) = HiddenInformation(raw);
        if (dense is var (skaggs, ssi))
        {
            summary["dense_hidden_skaggs_bits_per_spike"] = skaggs;
            summary["dense_hidden_ssi_bits_per_spike"] = ssi;
        }
        return summary;
    }

    /// <inheritdoc/>
    public JsonObject Summarize() => JobOutput.ToJson(moduli.Complete(Summary()));

    /// <inheritdoc/>
    public IEnumerable<NamedFigure> Figures()
    {
        using var _ = no_grad();
        var order = moduli.NeuronOrder(config.Hidden);
        yield return JobOutput.OrderedMatrixFigure("recurrent-weights-ordered", $"|W_hh| at the end, ordered along the {moduli.OrderName}", model.Recurrent.abs(), order,
            JobOutput.TrainedMatrixCaption(moduli.OrderName));
        foreach (var figure in moduli.Figures("recurrent matrix W_hh")) yield return figure;
        if (moduli.Regularizer is { } regularizer)
            yield return JobOutput.OrderedMatrixFigure("penalty-ordered", "Penalty R (same order)", regularizer.PenaltyFor(0), order,
                "The moduli penalty matrix R in the same neuron order: the loss adds λ·mean(R ⊙ |W_hh|), so dark (small R) entries are " +
                "cheap connections (near neurons on the manifold) and bright ones expensive.", "R");
        if (moduli.Pruner is { } pruner)
        {
            var perMatrix = pruner.SparsityPerMatrix();
            yield return new NamedFigure("sparsity-per-matrix", new BarsFigure("Pruned share per matrix", "sparsity (pruned share)",
                perMatrix.Values.ToArray(), perMatrix.Keys.Select(k => k.Replace("rnn.rnn.", "")).ToArray())
            {
                XLabel = "weight matrix",
                Caption = "How the global magnitude pruning shared the target sparsity among the pruned matrices: one threshold for the whole group, so small-valued matrices lose more.",
            });
        }
        var pass = Latest();
        var truth = FirstTrajectories(validation[0].Position.cpu(), "true");
        var series = truth.Zip(pass.Decoded).Select((p, b) => new[] { p.First with { Group = b, Markers = true }, p.Second with { Group = b, Dashed = true, Markers = true } })
            .SelectMany(pair => pair).ToArray();
        yield return new NamedFigure("decoded-trajectories", new LinesFigure("Validation trajectories: true (solid) and decoded (dashed)", "x (m)", "y (m)", series)
        {
            Box = [-config.Box / 2, config.Box / 2, -config.Box / 2, config.Box / 2],
            Caption = $"Three validation trajectories of {config.SequenceLength} steps in the {config.Box} m box (outline): the true path (solid) and the " +
                      $"position decoded from the network's place-cell output at every step (dashed, the same colour; the mean centre of the {config.TopK} most active place cells).",
        });
        var info = StimulusInformationMatrix.FromOccupancy(pass.Figure.Means(), pass.Figure.Weights);
        yield return new NamedFigure("rate-maps", new RateMapsFigure($"Rate maps of {pass.FigureUnits.Length} hidden units in manifold order",
            pass.Figure.Means(), MapBins, MapBins, pass.Figure.Weights, pass.FigureUnits.Select((u, i) => $"unit {u}: {info.Cells[i].BitsPerSpike:F2} bits/spike").ToArray(),
            [-config.Box / 2, config.Box / 2, -config.Box / 2, config.Box / 2])
        {
            XLabel = "x (m)", YLabel = "y (m)", ColorLabel = "activity (a.u.)",
            Caption = $"Mean activity of hidden units evenly spaced along the {moduli.OrderName} order, in 20 × 20 bins of the box over the validation trajectories; " +
                      "grey bins were never visited. The title gives each unit's Skaggs information.",
        });
    }

    /// <summary>The first three trajectories of positions [T, B, 2] as series labelled "<paramref name="label"/> k".</summary>
    Series[] FirstTrajectories(Tensor positions, string label) => Enumerable.Range(0, Math.Min(3, config.BatchSize))
        .Select(b => new Series($"{label} {b + 1}", Column(positions, b, 0), Column(positions, b, 1))).ToArray();

    static double[] Column(Tensor positions, int trajectory, int coordinate) =>
        positions.select(1, trajectory).select(1, coordinate).to(float64).data<double>().ToArray();

    /// <summary>
    /// Stimulus information of the hidden population over position (spec ssi.md): mean Skaggs bits/spike of the hidden
    /// units and the SSI of their information matrix, from the 20 × 20 rate maps of <see cref="InformationUnits"/> (occupancy p).
    /// </summary>
    static (double SkaggsBitsPerSpike, double Ssi) HiddenInformation(ValidationPass pass)
    {
        var matrix = StimulusInformationMatrix.FromOccupancy(pass.Information.Means(), pass.Information.Weights);
        return (matrix.Cells.Average(c => c.BitsPerSpike), Ssi.Compute(matrix).Lambda1);
    }

    /// <summary>The hidden units the information measures use: all, or 512 evenly spaced ones so large networks stay cheap.</summary>
    long[] InformationUnits()
    {
        int n = Math.Min(InformationUnitCap, config.Hidden);
        return Enumerable.Range(0, n).Select(i => (long)i * config.Hidden / n).ToArray();
    }

    /// <summary>16 hidden units evenly spaced in manifold order (the rate-map figure).</summary>
    long[] FigureUnitsInOrder()
    {
        var order = moduli.NeuronOrder(config.Hidden);
        int units = Math.Min(FigureUnits, config.Hidden);
        return Enumerable.Range(0, units).Select(i => order[(long)i * order.Length / units]).ToArray();
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Notes => moduli.Notes();

    /// <inheritdoc/>
    public Glossary Glossary() => JobOutput.Common().Merge(ModuliTraining.Glossary())
        .Add("loss", "Training loss of the logged step: place-cell cross-entropy of the network's output against the code of the true position, plus the moduli penalty.")
        .Add("err_cm", $"Mean distance between the decoded and the true position over the fixed validation trajectories, with recurrent weights |w| < 10⁻³ zeroed (the reference's final protocol); a position is decoded as the mean centre of the {config.TopK} most active place cells. In an epoch's evaluation: without zeroing.", "cm")
        .Add("err_cm_raw", "The same decoding error without zeroing the small recurrent weights.", "cm")
        .Add("share_err_over_10cm", "Share of validation steps decoded 10 cm or more from the true position.")
        .Add("share_err_over_20cm", "Share of validation steps decoded 20 cm or more from the true position.")
        .Add("share_err_over_50cm", "Share of validation steps decoded 50 cm or more from the true position.")
        .Add("hidden_skaggs_bits_per_spike", "Mean Skaggs information of the hidden units' 20 × 20 rate maps over the box (occupancy-weighted bins; up to 512 units evenly spaced), activity read as a rate.", "bits/spike")
        .Add("hidden_ssi_bits_per_spike", "Spectral stimulus information of the same hidden units: the leading eigenvalue of their stimulus information matrix (spec ssi.md). It adds up over cells (N disjoint fields of I bits give (2N − 1)·I), so it exceeds log2 of the 400 bins.", "bits/spike");

    /// <inheritdoc/>
    public JsonObject SaveExtra()
    {
        var extra = moduli.Save();
        if (dense is var (skaggs, ssi)) extra["dense_hidden_information"] = new JsonArray(skaggs, ssi);
        return extra;
    }

    /// <inheritdoc/>
    public void LoadExtra(JsonObject extra)
    {
        moduli.Load(extra);
        if (extra["dense_hidden_information"] is JsonArray d) dense = ((double)d[0]!, (double)d[1]!);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var b in validation) b.Dispose();
        places.Dispose();
        State.Optimizer.Dispose();
        model.Dispose();
        rng.Dispose();
    }
}
