using System.Globalization;
using System.Text.Json.Nodes;
using Parsimony.Geometry;
using Parsimony.Runs;
using Parsimony.Simulation;

namespace Parsimony.Experiments.Sernn;

/// <summary>
/// A population of seRNNs (or L1 networks) over a λ grid (spec neuro_models.md §A.5), trained in stacks
/// (<see cref="StackTraining"/>): one chunk is one stack, trained to the end and measured, its networks logged to
/// <c>metrics.jsonl</c> with their final kernels, so a killed run resumes at the first unfinished stack and loses no
/// finished network. The summary counts the networks passing the accuracy filter and averages their structure; the
/// figures show accuracy, modularity, small-worldness, weight–distance r and total weight against λ. Two populations
/// (e.g. sernn and l1) in one folder are compared by <c>parsimony analyze network FOLDER</c>.
/// </summary>
public sealed class SernnPopulationJob : ISimulationJob
{
    readonly SernnPopulationConfig config;
    readonly double[] lambdas;
    readonly MazeData data;
    readonly double[,] distances;
    List<JsonObject> networks = [];

    /// <summary>
    /// Validates the options and draws the trials. With more than one parallel stack, libtorch's thread pool (process-wide)
    /// is set to cores ÷ stacks, so the stacks do not oversubscribe the cores.
    /// </summary>
    public SernnPopulationJob(SernnPopulationConfig config)
    {
        config.Validate();
        if (config.ParallelStacks > 1) TorchSharp.torch.set_num_threads(Math.Max(1, Environment.ProcessorCount / config.ParallelStacks));
        this.config = config;
        lambdas = config.Lambdas();
        distances = Grid3D.DistanceMatrix(Grid3D.Meshgrid(config.GridX, config.GridY, config.GridZ));
        data = new MazeData(config);
    }

    /// <inheritdoc/>
    public string Name => "sernn-population";

    /// <inheritdoc/>
    public int Chunks => (lambdas.Length + config.StackSize - 1) / config.StackSize;

    /// <inheritdoc/>
    public int ParallelChunks => config.ParallelStacks;

    /// <inheritdoc/>
    public JsonObject RunChunk(int index)
    {
        int first = index * config.StackSize, count = Math.Min(config.StackSize, lambdas.Length - first);
        var results = StackTraining.Run(config, data, distances, lambdas.AsSpan(first, count).ToArray(), first);
        return new JsonObject { ["networks"] = new JsonArray([.. results]) };
    }

    /// <inheritdoc/>
    public void Collect(IReadOnlyList<JsonObject> lines) =>
        networks = lines.SelectMany(l => l["networks"]!.AsArray().Select(n => n!.AsObject())).ToList();

    List<JsonObject> Passing() => networks.Where(n => (double)n["validation_accuracy"]! >= config.MinAccuracy).ToList();

    /// <inheritdoc/>
    public JsonObject Summarize()
    {
        var passing = Passing();
        var (min, max) = config.Range();
        var summary = new JsonObject
        {
            ["penalty_kind"] = config.Penalty.ToString().ToLowerInvariant(), ["networks"] = networks.Count, ["passing"] = passing.Count,
            ["min_accuracy"] = config.MinAccuracy, ["lambda_min"] = min, ["lambda_max"] = max,
            ["mean_validation_accuracy"] = networks.Average(n => (double)n["validation_accuracy"]!),
        };
        if (passing.Count == 0) summary["note"] = $"No network reached validation accuracy ≥ {Rules.Show(config.MinAccuracy)}: no passing means.";
        else
        {
            summary["largest_passing_lambda"] = passing.Max(n => (double)n["lambda"]!);
            foreach (var m in new[] { "modularity", "small_world", "weight_distance_r", "total_weight", "clustering", "path_length", "efficiency", "mixed_selectivity_r", "energy" })
                summary["passing_mean_" + m] = passing.Select(n => (double)n[m]!).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
        }
        return summary;
    }

    /// <inheritdoc/>
    public IEnumerable<NamedFigure> Figures()
    {
        var ordered = networks.OrderBy(n => (double)n["lambda"]!).ToList();
        var x = ordered.Select(n => (double)n["lambda"]!).ToArray();
        Series Of(string label, IEnumerable<JsonObject> set, string measure) =>
            new(label, set.Select(n => (double)n["lambda"]!).ToArray(), set.Select(n => (double)n[measure]!).ToArray()) { Markers = true, Line = false };
        var pass = ordered.Where(n => (double)n["validation_accuracy"]! >= config.MinAccuracy).ToList();
        var fail = ordered.Where(n => (double)n["validation_accuracy"]! < config.MinAccuracy).ToList();
        string filter = $"accuracy ≥ {Rules.Show(config.MinAccuracy)}";
        yield return new("accuracy-vs-lambda", new LinesFigure("Final validation accuracy against λ", "λ", "validation accuracy",
            [new Series("networks", x, ordered.Select(n => (double)n["validation_accuracy"]!).ToArray()) { Markers = true, Line = false },
             new Series("filter", [x[0], x[^1]], [config.MinAccuracy, config.MinAccuracy])])
        {
            Caption = $"One point per network: its validation accuracy after epoch {config.Epochs} on {config.ValidationTrials} noise-free trials. Networks below " +
                      $"the line ({Rules.Show(config.MinAccuracy)}) are left out of the population comparison; 0.61–0.63 is the plateau of answering from the offered options alone.",
        });
        foreach (var (measure, label) in new[] { ("modularity", "modularity Q"), ("small_world", "small-worldness σ"), ("weight_distance_r", "weight–distance r"), ("total_weight", "Σ|U|") })
            yield return new($"{measure.Replace('_', '-')}-vs-lambda", new LinesFigure($"{label} of the final kernel against λ", "λ", label,
                [Of(filter, pass, measure), Of("failing", fail, measure)], LogY: measure == "total_weight")
            {
                Caption = $"{label} of each network's final recurrent kernel ({(measure is "modularity" or "small_world" ? $"graph of its strongest {Rules.Show(config.Density * 100)}% of |U|, {config.NullGraphs} random graphs for σ's null" : "all off-diagonal weights")}), " +
                          "passing and failing networks marked apart. `parsimony analyze network` measures them again with 1,000 null graphs and compares populations at matched total weight.",
            });
        int epochs = config.Epochs;
        var epochAxis = Enumerable.Range(1, epochs).Select(e => (double)e).ToArray();
        var shown = Enumerable.Range(0, 5).Select(i => ordered[(int)Math.Round(i * (ordered.Count - 1) / 4.0)]).Distinct().ToList();
        yield return new("training-loss", new LinesFigure("Training loss per epoch (five networks across the λ range)", "epoch", "mean cross-entropy",
            shown.Select(n => new Series($"λ = {((double)n["lambda"]!).ToString("G3", CultureInfo.InvariantCulture)}", epochAxis,
                n["epochs"]!.AsArray().Select(e => (double)e!["train_loss"]!).ToArray())).ToList())
        {
            Caption = "The task's cross-entropy averaged over each epoch's training batches (with input noise; the penalty not included) for the networks " +
                      "at the smallest, largest and three evenly spaced λ of the population.",
        });
    }

    /// <inheritdoc/>
    public Glossary Glossary() => JobOutput.Common()
        .Add("networks", "Networks trained (logged per network in metrics.jsonl with its final kernel).")
        .Add("passing", "Networks whose final validation accuracy reaches the filter.")
        .Add("min_accuracy", "The filter's validation accuracy.")
        .Add("penalty_kind", "The regulariser of every network.")
        .Add("lambda_min", "Smallest strength of the grid.")
        .Add("lambda_max", "Largest strength of the grid.")
        .Add("mean_validation_accuracy", "Mean final validation accuracy of all networks.")
        .Add("largest_passing_lambda", "The largest λ among the passing networks.")
        .Add("passing_mean_modularity", "Mean Newman Q (best Louvain restart) of the passing networks' strongest-share graphs.")
        .Add("passing_mean_small_world", "Mean σ = (C/C_rand)/(L/L_rand) of the passing networks (density-matched null).")
        .Add("passing_mean_weight_distance_r", "Mean Pearson r of |U_ij| and distance over the passing networks.")
        .Add("passing_mean_total_weight", "Mean Σ|U| of the passing networks.")
        .Add("passing_mean_clustering", "Mean clustering coefficient of the passing networks' graphs.")
        .Add("passing_mean_path_length", "Mean characteristic path length of the passing networks' graphs.")
        .Add("passing_mean_efficiency", "Mean global efficiency of the passing networks' graphs.")
        .Add("passing_mean_mixed_selectivity_r", "Mean r of goal and choice EV across units (choice period) of the passing networks.")
        .Add("passing_mean_energy", "Mean post-ReLU activity of the passing networks.")
        .Add("note", "Why a mean is missing.");

    /// <inheritdoc/>
    public void Dispose() => data.Dispose();
}
