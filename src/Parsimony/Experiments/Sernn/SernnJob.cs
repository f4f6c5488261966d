using System.Text.Json.Nodes;
using Parsimony.Geometry;
using Parsimony.Models.Sernn;
using Parsimony.Regularization;
using Parsimony.Runs;
using Parsimony.Tasks.Maze;
using Parsimony.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Sernn;

/// <summary>
/// Trains one spatially embedded RNN (<see cref="SernnConfig"/>) on the maze task: the training set in a fixed order
/// (the reference does not reshuffle), input noise per batch, loss = mean cross-entropy + the spatial penalty; after
/// every epoch the validation accuracy, the kernel's snapshot and its structure (total weight, weight–distance r,
/// modularity, small-worldness); at the end the structural and functional measures of the final network.
/// </summary>
public sealed class SernnJob : IAutogradJob
{
    /// <summary>Connections drawn in the grid figure.</summary>
    public const int DrawnConnections = 60;

    readonly SernnConfig config;
    readonly SernnModel model;
    readonly SpatialRegularizer regularizer;
    readonly MazeData data;
    readonly Generator noise;
    double trainLoss, trainCorrect, trainSeen;

    /// <summary>The grid's unit coordinates.</summary>
    public double[][] Coordinates { get; }
    /// <summary>Distances between the units.</summary>
    public double[,] Distances { get; }

    /// <summary>Draws the data sets and initialises the model from <c>config.Seed</c>.</summary>
    public SernnJob(SernnConfig config, ComputeContext context)
    {
        config.Validate();
        this.config = config;
        Coordinates = Grid3D.Meshgrid(config.GridX, config.GridY, config.GridZ);
        Distances = Grid3D.DistanceMatrix(Coordinates);
        var rng = new RngStreams();
        data = new MazeData(config);
        noise = rng.Add("noise", (ulong)config.Seed + 1);
        model = RngStreams.Seeded(config.Seed, () => new SernnModel(config.Hidden, config.Epochs));
        model.Snapshot(0);
        regularizer = new SpatialRegularizer(config.Penalty, config.Lambda, model.Rnn.Recurrent, WeightLayout.FromRowToColumn, Distances,
            config.DetachCommunicability, config.CommsPower);
        State = new TrainingState(model, optim.Adam(model.parameters(), config.Lr, eps: 1e-7), rng);
    }

    /// <inheritdoc/>
    public string Name => "sernn";
    /// <inheritdoc/>
    public IReadOnlyList<string> Notes => [];
    /// <inheritdoc/>
    public int Epochs => config.Epochs;
    /// <inheritdoc/>
    public int StepsPerEpoch => config.TrainTrials / config.BatchSize;
    /// <inheritdoc/>
    public double? ClipNorm => null;
    /// <inheritdoc/>
    public TrainingState State { get; }

    /// <summary>The network.</summary>
    public KerasRnn Network => model.Rnn;

    /// <summary>The regulariser.</summary>
    public SpatialRegularizer Regularizer => regularizer;

    /// <inheritdoc/>
    public void BeginEpoch(int epoch) => trainLoss = trainCorrect = trainSeen = 0;

    /// <inheritdoc/>
    public (Tensor Loss, IReadOnlyDictionary<string, double> Metrics) Loss(long step)
    {
        int first = (int)(step % StepsPerEpoch) * config.BatchSize;
        var x = data.TrainX.narrow(0, first, config.BatchSize);
        var y = data.TrainY.narrow(0, first, config.BatchSize);
        if (config.Noise > 0) x = x + randn(x.shape, generator: noise) * config.Noise;
        var logits = model.Rnn.call(x);
        var task = nn.functional.cross_entropy(logits, y);
        var penalty = regularizer.Penalty();
        double taskLoss = task.item<float>(), correct = (logits.argmax(1) == y).sum().item<long>();
        trainLoss += taskLoss * config.BatchSize; trainCorrect += correct; trainSeen += config.BatchSize;
        return (task + penalty, new Dictionary<string, double>
        {
            ["task_loss"] = taskLoss, ["penalty"] = penalty.item<float>(), ["accuracy"] = correct / config.BatchSize,
        });
    }

    /// <summary>Accuracy and mean cross-entropy of the noise-free <paramref name="x"/>.</summary>
    (double Accuracy, double Loss) Evaluate(Tensor x, Tensor y)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var logits = model.Rnn.call(x);
        return ((logits.argmax(1) == y).sum().item<long>() / (double)y.shape[0], nn.functional.cross_entropy(logits, y).item<float>());
    }

    /// <summary>The kernel after epoch <paramref name="epoch"/> (0: at initialisation), float64, Keras orientation.</summary>
    public double[,] Kernel(int epoch) => SernnModel.ToMatrix(model.SnapshotAt(epoch));

    NetworkStructure Structure(int epoch) =>
        NetworkStructure.Of(Kernel(epoch), Distances, config.Density, config.Restarts, config.NullGraphs, config.Seed);

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> EndEpoch(int epoch)
    {
        model.Snapshot(epoch + 1);
        var (accuracy, loss) = Evaluate(data.ValidationX, data.ValidationY);
        var metrics = new Dictionary<string, double>
        {
            ["train_accuracy"] = trainCorrect / Math.Max(1, trainSeen),
            ["train_loss"] = trainLoss / Math.Max(1, trainSeen),
            ["validation_accuracy"] = accuracy,
            ["validation_loss"] = loss,
        };
        using (no_grad()) metrics["penalty_end"] = regularizer.Penalty().item<float>();
        foreach (var (k, v) in Structure(epoch + 1).Values()) metrics[k] = v;
        return metrics;
    }

    /// <summary>Every step's post-ReLU state of the recorded trials, [trial][step][unit] in float64.</summary>
    public double[][][] RecordStates()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return Functional.Trials(model.Rnn.Run(data.RecordX, keep: true).States!);
    }

    /// <inheritdoc/>
    public JsonObject Summarize()
    {
        var (accuracy, loss) = Evaluate(data.ValidationX, data.ValidationY);
        var (recordAccuracy, _) = Evaluate(data.RecordX, tensor(data.RecordLabels));
        var summary = new JsonObject
        {
            ["validation_accuracy"] = accuracy,
            ["validation_loss"] = loss,
            ["record_accuracy"] = recordAccuracy,
            ["penalty_kind"] = config.Penalty.ToString().ToLowerInvariant(),
            ["lambda"] = config.Lambda,
        };
        using (no_grad()) summary["penalty_end"] = regularizer.Penalty().item<float>();
        foreach (var (k, v) in Structure(config.Epochs).Values()) summary[k] = v;
        foreach (var (k, v) in Functional.Of(RecordStates(), data.RecordProblems, Distances, 1000, config.Seed).Values()) summary[k] = v;
        return summary;
    }

    /// <inheritdoc/>
    public IEnumerable<NamedFigure> Figures() => SernnFigures.Of(this, config);

    /// <summary>The recorded trials' problem ids.</summary>
    public IReadOnlyList<int> RecordProblems => data.RecordProblems;

    /// <inheritdoc/>
    public Glossary Glossary() => JobOutput.Common()
        .Add("loss", "Mini-batch cross-entropy plus the spatial penalty (the trained objective).")
        .Add("task_loss", "Mini-batch cross-entropy of the choice.")
        .Add("penalty", "The spatial penalty λ Σ W∘C∘D (or the kind's terms) at that step.")
        .Add("penalty_end", "The penalty at the end of the epoch (of training).")
        .Add("accuracy", "Share of the mini-batch answered correctly.")
        .Add("train_accuracy", "Share of the epoch's training trials answered correctly (with input noise).")
        .Add("train_loss", "Mean cross-entropy over the epoch's training trials.")
        .Add("validation_accuracy", "Share of the noise-free validation trials answered correctly (the population filter keeps ≥ 0.9).")
        .Add("validation_loss", "Mean cross-entropy on the validation trials.")
        .Add("record_accuracy", "Accuracy on the held-out trials whose activity the functional measures read.")
        .Add("total_weight", "Σ|U| of the recurrent kernel.")
        .Add("weight_distance_r", "Pearson r of |U_ij| and the grid distance over nonzero off-diagonal entries (negative: short connections are the strong ones).")
        .Add("edges", "Undirected edges of the graph of the strongest share of |U| (union of directions).")
        .Add("modularity", "Newman Q of that graph, best of the Louvain restarts.")
        .Add("modules", "Communities of the best partition.")
        .Add("small_world", "σ = (C/C_rand)/(L/L_rand) against random graphs of the same edge count.")
        .Add("clustering", "Mean binary clustering coefficient of the graph.")
        .Add("path_length", "Characteristic path length of the graph (reachable pairs).")
        .Add("efficiency", "Global efficiency of the graph.")
        .Add("mixed_selectivity_r", "r across units of goal EV and choice EV (η²) in the last window of the choice period (> 0: mixed units).")
        .Add("mixed_selectivity_delay_r", "The same r in the last window of the delay.")
        .Add("goal_cluster_p", "Permutation p (1000 random unit sets) that goal-preferring units (goal EV at the end of the delay above choice EV at the end) sit closer than chance.")
        .Add("goal_units", "Goal-preferring units.")
        .Add("choice_cluster_p", "The same permutation p for choice-preferring units.")
        .Add("choice_units", "Choice-preferring units.")
        .Add("energy", "Energy proxy: mean post-ReLU activity over recorded trials, steps and units.")
        .Add("penalty_kind", "The regulariser.")
        .Add("lambda", "Its strength.");

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Tensor> ExportWeights() => model.state_dict();

    /// <inheritdoc/>
    public void Dispose()
    {
        State.Optimizer.Dispose();
        regularizer.Dispose();
        model.Dispose();
        State.Rng.Dispose();
        data.Dispose();
    }
}
