using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Geometry;
using Parsimony.Reports;
using Parsimony.Runs;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Sernn;

/// <summary>How <c>parsimony analyze network</c> measures a network.</summary>
/// <param name="Density">Share of the strongest weights kept for the graph.</param>
/// <param name="Restarts">Louvain restarts.</param>
/// <param name="NullGraphs">Random graphs of the small-worldness null.</param>
/// <param name="MinAccuracy">Validation accuracy a network needs to enter a population comparison.</param>
/// <param name="WeightTolerance">Largest relative total-weight difference of a matched pair.</param>
public sealed record AnalysisOptions(double Density = 0.1, int Restarts = 10, int NullGraphs = 1000, double MinAccuracy = 0.9, double WeightTolerance = 0.1)
{
    /// <summary>Throws an <see cref="OptionException"/> naming the first invalid value.</summary>
    public void Validate()
    {
        Rules.Require(Density is > 0 and <= 1, nameof(Density), $"must be in (0, 1] (got {Rules.Show(Density)}).");
        Rules.Positive(Restarts, nameof(Restarts));
        Rules.Positive(NullGraphs, nameof(NullGraphs));
        Rules.Require(MinAccuracy is >= 0 and <= 1, nameof(MinAccuracy), $"must be in [0, 1] (got {Rules.Show(MinAccuracy)}).");
        Rules.Positive(WeightTolerance, nameof(WeightTolerance));
    }
}

/// <summary>One analysed network of a population: its run, penalty, strength, accuracy, final structure and functional measures.</summary>
/// <param name="Run">Run folder name.</param>
/// <param name="Penalty">Its regulariser.</param>
/// <param name="Lambda">Its strength.</param>
/// <param name="Accuracy">Final validation accuracy.</param>
/// <param name="Structure">Structural measures of the final kernel.</param>
/// <param name="Functional">The functional measures from its summary (name → value).</param>
public sealed record AnalysedNetwork(string Run, string Penalty, double Lambda, double Accuracy, NetworkStructure Structure, IReadOnlyDictionary<string, double> Functional);

/// <summary>
/// The structural and functional analysis of finished <c>train sernn</c> runs (spec neuro_models.md §A.6–A.7, A.11.6):
/// one run over its epochs (from the kernel snapshots in <c>model.safetensors</c>), or a population of runs (a sweep
/// folder) filtered on validation accuracy and compared group against group — seRNN against L1 (and distance-only) —
/// at matched total weight. Results go to <c>analysis/</c> in the folder: <c>network.json</c>, <c>networks.csv</c>,
/// <c>network.md</c> and the figures as PNG.
/// </summary>
public static class NetworkAnalysis
{
    /// <summary>The measures compared between groups.</summary>
    public static readonly string[] Compared = ["modularity", "small_world", "weight_distance_r", "total_weight", "clustering", "path_length", "efficiency",
                                                "mixed_selectivity_r", "energy", "goal_cluster_p", "choice_cluster_p"];

    /// <summary>Analyses <paramref name="dir"/>: a run folder (per epoch), a population run, or a folder of run folders and population runs; returns the result written to <c>analysis/network.json</c>.</summary>
    public static JsonObject Analyze(string dir, AnalysisOptions options)
    {
        options.Validate();
        if (!Directory.Exists(dir)) throw new UsageException($"{dir} is not a folder.");
        var output = Path.Combine(dir, "analysis");
        bool single = File.Exists(Path.Combine(dir, "config.json")) && RunFolder.Open(dir).Command != "train sernn-population";
        var result = single ? Run(RunFolder.Open(dir), options, output) : Population(dir, options, output);
        AtomicFile.WriteAllText(Path.Combine(output, "network.json"), result.ToJsonString(Json.Options));
        return result;
    }

    static RunFolder Sernn(RunFolder run)
    {
        if (run.Command != "train sernn") throw new UsageException($"{run.Root} is a '{run.Command}' run; analyze network reads 'train sernn' runs.");
        if (!File.Exists(run.ModelPath)) throw new UsageException($"{run.Root} has no model.safetensors yet (the run has not finished).");
        return run;
    }

    static double[,] Distances(JsonObject options) =>
        Grid3D.DistanceMatrix(Grid3D.Meshgrid((int?)options["grid_x"] ?? 5, (int?)options["grid_y"] ?? 5, (int?)options["grid_z"] ?? 4));

    static JsonObject Run(RunFolder run, AnalysisOptions options, string output)
    {
        Sernn(run);
        var config = run.ReadOptions();
        var d = Distances(config);
        var weights = SafeTensors.Load(run.ModelPath);
        var snapshots = weights["snapshots"];
        int seed = (int?)config["seed"] ?? 1;
        var rows = new JsonArray();
        var structure = new List<NetworkStructure>();
        for (int e = 0; e < snapshots.shape[0]; e++)
        {
            var s = NetworkStructure.Of(SernnModel.ToMatrix(snapshots[e]), d, options.Density, options.Restarts, options.NullGraphs, seed);
            structure.Add(s);
            var row = new JsonObject { ["epoch"] = e };
            foreach (var (k, v) in s.Values()) row[k] = v;
            rows.Add(row);
        }
        foreach (var t in weights.Values) t.Dispose();
        Directory.CreateDirectory(output);
        var epochs = Enumerable.Range(0, structure.Count).Select(e => (double)e).ToArray();
        FigurePainter.Draw(new LinesFigure("Structure of the recurrent kernel over training", "epoch", "value",
        [
            new Series("modularity Q", epochs, structure.Select(s => s.Modularity).ToArray()),
            new Series("small-worldness σ", epochs, structure.Select(s => s.SmallWorld).ToArray()),
            new Series("weight–distance r", epochs, structure.Select(s => s.WeightDistanceR).ToArray()),
        ]), Path.Combine(output, "structure-over-epochs.png"));
        var md = new StringBuilder($"# Network analysis of {Path.GetFileName(run.Root)}\n\n{Settings(options)}\n\n| epoch | Σ\\|U\\| | r(w, d) | Q | σ | C | L |\n|---|---|---|---|---|---|---|\n");
        for (int e = 0; e < structure.Count; e++)
        {
            var s = structure[e];
            md.AppendLine(Invariant($"| {e} | {s.TotalWeight:F1} | {s.WeightDistanceR:F3} | {s.Modularity:F3} | {s.SmallWorld:F3} | {s.Clustering:F3} | {s.PathLength:F3} |"));
        }
        AtomicFile.WriteAllText(Path.Combine(output, "network.md"), md.ToString());
        return new JsonObject { ["run"] = run.Root, ["epochs"] = rows, ["settings"] = Settings(options) };
    }

    static string Settings(AnalysisOptions o) => Invariant(
        $"Graph: the strongest {o.Density * 100:G}% of |U|, union of directions; Q: best of {o.Restarts} Louvain restarts; σ = (C/C_rand)/(L/L_rand) against {o.NullGraphs} random graphs of the same edge count (the corrected, density-matched null).");

    /// <summary>The functional measures a network's summary carries.</summary>
    static readonly string[] FunctionalMeasures = ["mixed_selectivity_r", "mixed_selectivity_delay_r", "energy", "goal_cluster_p", "choice_cluster_p"];

    /// <summary>
    /// Every finished network below <paramref name="dir"/>, measured: each <c>train sernn</c> run folder, and each network
    /// of a finished <c>train sernn-population</c> run (named <c>RUN#index</c>).
    /// </summary>
    public static List<AnalysedNetwork> Networks(string dir, AnalysisOptions options)
    {
        var list = new List<AnalysedNetwork>();
        foreach (var sub in new[] { dir }.Concat(Directory.GetDirectories(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)))
        {
            if (!File.Exists(Path.Combine(sub, "summary.json")) || !File.Exists(Path.Combine(sub, "config.json"))) continue;
            var run = RunFolder.Open(sub);
            if (run.Command == "train sernn-population") { list.AddRange(PopulationNetworks(run, options)); continue; }
            if (run.Command != "train sernn" || !File.Exists(run.ModelPath)) continue;
            var config = run.ReadOptions();
            var summary = run.ReadSummary();
            var weights = SafeTensors.Load(run.ModelPath);
            var u = SernnModel.ToMatrix(weights["rnn.recurrent_kernel"]);
            foreach (var t in weights.Values) t.Dispose();
            var structure = NetworkStructure.Of(u, Distances(config), options.Density, options.Restarts, options.NullGraphs, (int?)config["seed"] ?? 1);
            list.Add(new AnalysedNetwork(Path.GetFileName(sub), (string?)config["penalty"] ?? "sernn", (double?)config["lambda"] ?? double.NaN,
                (double?)summary["validation_accuracy"] ?? double.NaN, structure, FunctionalOf(summary)));
        }
        return list;
    }

    static Dictionary<string, double> FunctionalOf(JsonObject values)
    {
        var functional = new Dictionary<string, double>();
        foreach (var k in FunctionalMeasures)
            if (values[k] is JsonValue v && v.TryGetValue<double>(out var x)) functional[k] = x;
        return functional;
    }

    /// <summary>The networks of a population run, each measured from its logged final kernel (in parallel).</summary>
    static AnalysedNetwork[] PopulationNetworks(RunFolder run, AnalysisOptions options)
    {
        var config = run.ReadOptions();
        var d = Distances(config);
        int n = d.GetLength(0), seed = (int?)config["seed"] ?? 1;
        string penalty = (string?)config["penalty"] ?? "sernn", name = Path.GetFileName(run.Root);
        var logged = run.ReadMetrics().Where(l => (string?)l["kind"] == "chunk").SelectMany(l => l["networks"]!.AsArray().Select(x => x!.AsObject())).ToList();
        var result = new AnalysedNetwork[logged.Count];
        Parallel.For(0, logged.Count, i =>
        {
            var net = logged[i];
            var u = StackTraining.DecodeKernel((string)net["kernel"]!, n);
            var structure = NetworkStructure.Of(u, d, options.Density, options.Restarts, options.NullGraphs, seed);
            result[i] = new AnalysedNetwork($"{name}#{(int)net["network"]!}", penalty, (double)net["lambda"]!, (double)net["validation_accuracy"]!, structure, FunctionalOf(net));
        });
        return result;
    }

    /// <summary>The value of measure <paramref name="name"/> of a network.</summary>
    public static double Measure(AnalysedNetwork n, string name) =>
        n.Structure.Values().Where(v => v.Name == name).Select(v => v.Value).Concat(n.Functional.TryGetValue(name, out var f) ? [f] : [double.NaN]).First();

    /// <summary>
    /// Pairs of networks of <paramref name="a"/> and <paramref name="b"/> with matched total weight: each network of
    /// <paramref name="a"/> in order of total weight takes the unused network of <paramref name="b"/> nearest in total
    /// weight if it differs by at most <paramref name="tolerance"/> (relative).
    /// </summary>
    public static List<(AnalysedNetwork A, AnalysedNetwork B)> MatchTotalWeight(IReadOnlyList<AnalysedNetwork> a, IReadOnlyList<AnalysedNetwork> b, double tolerance)
    {
        var free = b.ToList();
        var pairs = new List<(AnalysedNetwork, AnalysedNetwork)>();
        foreach (var x in a.OrderBy(n => n.Structure.TotalWeight))
        {
            if (free.Count == 0) break;
            var best = free.MinBy(y => Math.Abs(y.Structure.TotalWeight - x.Structure.TotalWeight))!;
            if (Math.Abs(best.Structure.TotalWeight - x.Structure.TotalWeight) <= tolerance * x.Structure.TotalWeight) { pairs.Add((x, best)); free.Remove(best); }
        }
        return pairs;
    }

    static JsonObject Population(string dir, AnalysisOptions options, string output)
    {
        var all = Networks(dir, options);
        if (all.Count == 0) throw new UsageException($"{dir} holds no finished 'train sernn' or 'train sernn-population' run folder (nor is it one).");
        var kept = all.Where(n => n.Accuracy >= options.MinAccuracy).ToList();
        var groups = kept.GroupBy(n => n.Penalty).ToDictionary(g => g.Key, g => g.ToList());
        var result = new JsonObject
        {
            ["folder"] = dir, ["networks"] = all.Count, ["passing"] = kept.Count, ["min_accuracy"] = options.MinAccuracy, ["settings"] = Settings(options),
            ["groups"] = new JsonObject(all.GroupBy(n => n.Penalty).Select(g => KeyValuePair.Create(g.Key, (JsonNode?)new JsonObject
            {
                ["networks"] = g.Count(), ["passing"] = g.Count(n => n.Accuracy >= options.MinAccuracy),
            }))),
        };
        Directory.CreateDirectory(output);
        WriteCsv(Path.Combine(output, "networks.csv"), all);
        var md = new StringBuilder($"# Network analysis of {dir}\n\n{Settings(options)}\n\n{all.Count} finished networks, {kept.Count} with validation accuracy ≥ {Rules.Show(options.MinAccuracy)}.\n\n");
        md.AppendLine("| group | networks | passing | mean Q | mean σ | mean r(w, d) | mean Σ\\|U\\| |\n|---|---|---|---|---|---|---|");
        foreach (var g in all.GroupBy(n => n.Penalty).OrderBy(g => g.Key))
        {
            var pass = g.Where(n => n.Accuracy >= options.MinAccuracy).ToList();
            string Mean(string m) => pass.Count == 0 ? "–" : pass.Select(n => Measure(n, m)).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average().ToString("F3", CultureInfo.InvariantCulture);
            md.AppendLine($"| {g.Key} | {g.Count()} | {pass.Count} | {Mean("modularity")} | {Mean("small_world")} | {Mean("weight_distance_r")} | {Mean("total_weight")} |");
        }
        if (kept.Count == 0)
        {
            var note = $"No network reached validation accuracy ≥ {Rules.Show(options.MinAccuracy)}: nothing to compare.";
            result["note"] = note;
            md.AppendLine($"\n{note}");
        }
        var comparisons = new JsonObject();
        foreach (var other in new[] { "l1", "distance", "communicability" })
        {
            if (!groups.TryGetValue("sernn", out var sernn) || !groups.TryGetValue(other, out var baseline)) continue;
            var pairs = MatchTotalWeight(sernn, baseline, options.WeightTolerance);
            var block = new JsonObject { ["matched_pairs"] = pairs.Count };
            md.AppendLine(Invariant($"\n## seRNN vs {other} at matched total weight\n\n{pairs.Count} pairs (|ΔΣ|U|| ≤ {options.WeightTolerance * 100:G}%). Welch's t of seRNN − {other}, Cohen's d.\n"));
            md.AppendLine("| measure | seRNN mean | " + other + " mean | t | df | p | d |\n|---|---|---|---|---|---|---|");
            foreach (var m in Compared)
            {
                var c = GroupComparison.Of(pairs.Select(p => Measure(p.A, m)), pairs.Select(p => Measure(p.B, m)));
                block[m] = new JsonObject { ["mean_sernn"] = c.MeanA, ["mean_" + other] = c.MeanB, ["t"] = c.T, ["df"] = c.DegreesOfFreedom, ["p"] = c.P, ["cohens_d"] = c.CohensD, ["n"] = c.CountA };
                md.AppendLine(Invariant($"| {m} | {c.MeanA:G4} | {c.MeanB:G4} | {c.T:F2} | {c.DegreesOfFreedom:F1} | {c.P:G3} | {c.CohensD:F2} |"));
            }
            comparisons[other] = block;
        }
        result["comparisons_at_matched_weight"] = comparisons;
        AtomicFile.WriteAllText(Path.Combine(output, "network.md"), md.ToString());
        foreach (var (measure, label) in new[] { ("modularity", "modularity Q"), ("small_world", "small-worldness σ"), ("weight_distance_r", "weight–distance r") })
            FigurePainter.Draw(new LinesFigure($"{label} against regularisation strength (networks with accuracy ≥ {Rules.Show(options.MinAccuracy)})", "λ", label,
                groups.OrderBy(g => g.Key).Select(g => new Series(g.Key, g.Value.Select(n => n.Lambda).ToArray(), g.Value.Select(n => Measure(n, measure)).ToArray())
                    { Markers = true, Line = false }).ToList()), Path.Combine(output, $"{measure.Replace('_', '-')}-vs-lambda.png"));
        FigurePainter.Draw(new LinesFigure("Modularity against total weight", "Σ|U|", "modularity Q",
            groups.OrderBy(g => g.Key).Select(g => new Series(g.Key, g.Value.Select(n => n.Structure.TotalWeight).ToArray(), g.Value.Select(n => n.Structure.Modularity).ToArray())
                { Markers = true, Line = false }).ToList()), Path.Combine(output, "modularity-vs-total-weight.png"));
        return result;
    }

    static void WriteCsv(string path, IEnumerable<AnalysedNetwork> networks)
    {
        var names = new[] { "total_weight", "weight_distance_r", "edges", "modularity", "modules", "small_world", "clustering", "path_length", "efficiency",
                            "mixed_selectivity_r", "mixed_selectivity_delay_r", "energy", "goal_cluster_p", "choice_cluster_p" };
        var csv = new StringBuilder("run,penalty,lambda,validation_accuracy," + string.Join(',', names) + "\n");
        foreach (var n in networks)
            csv.AppendLine(string.Join(',', new[] { n.Run, n.Penalty, Num(n.Lambda), Num(n.Accuracy) }.Concat(names.Select(m => Num(Measure(n, m))))));
        AtomicFile.WriteAllText(path, csv.ToString());
    }

    static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
