using System.Text.Json;
using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Runs;
using Parsimony.Simulation;
using Parsimony.Tasks.Blobs;

namespace Parsimony.Experiments.RichLazy;

/// <summary>
/// Rich vs lazy learning (Flesch et al., Neuron 2022; spec neuro_models.md Part D) as an untrained-job sweep: every
/// network — (scale pair, run) of the initial-scale sweep, then (λ, run) of the L2 variant — is one chunk, trained to
/// completion by hand-written full-batch gradient descent and measured (<see cref="RichLazyNetwork"/>), so chunks run in
/// parallel and a killed sweep resumes with the networks not yet logged. The summary compares the rich (first) and lazy
/// (last) scales with Welch t-tests and all scales with Kruskal–Wallis tests; the figures show learning curves, weight changes, unit categories, RSA betas,
/// geometry, ablations and the L2 variant.
/// </summary>
public sealed class RichLazyJob : ISimulationJob
{
    readonly RichLazyConfig config;
    readonly BlobTask task = new();
    readonly IReadOnlyList<(double Stimulus, double Context)> scales;
    readonly double[] l2Weights;
    readonly (double Stimulus, double Context) l2Scale;
    List<NetworkResult> results = [];

    /// <summary>Validates the options and prepares the task.</summary>
    public RichLazyJob(RichLazyConfig config)
    {
        config.Validate();
        this.config = config;
        scales = config.ParseScales();
        l2Weights = config.L2Weights();
        l2Scale = config.ParseL2Scale();
    }

    /// <inheritdoc/>
    public string Name => "rich-lazy";

    int ScaleNetworks => scales.Count * config.Runs;

    /// <inheritdoc/>
    public int Chunks => ScaleNetworks + l2Weights.Length * config.L2Runs;

    /// <inheritdoc/>
    public int ParallelChunks => Environment.ProcessorCount;

    /// <inheritdoc/>
    public JsonObject RunChunk(int index)
    {
        bool scale = index < ScaleNetworks;
        (double, double)? masks = config.AblationMasks == AblationMasks.Rich && !(scale && index / config.Runs == 0) ? scales[0] : null;
        var result = scale
            ? RichLazyNetwork.Run(task, config, "scale", index / config.Runs, index % config.Runs, scales[index / config.Runs].Stimulus, scales[index / config.Runs].Context, 0, masks)
            : RichLazyNetwork.Run(task, config, "l2", (index - ScaleNetworks) / config.L2Runs, (index - ScaleNetworks) % config.L2Runs,
                                  l2Scale.Stimulus, l2Scale.Context, l2Weights[(index - ScaleNetworks) / config.L2Runs], masks);
        return JsonSerializer.SerializeToNode(result, Json.Options)!.AsObject();
    }

    /// <inheritdoc/>
    public void Collect(IReadOnlyList<JsonObject> lines) =>
        results = lines.Select(l => l.Deserialize<NetworkResult>(Json.Options)!).ToList();

    IEnumerable<NetworkResult> Scale(int group) => results.Where(r => r.Kind == "scale" && r.Group == group);
    IEnumerable<NetworkResult> Level(int group) => results.Where(r => r.Kind == "l2" && r.Group == group);
    int Lazy => scales.Count - 1;

    /// <summary>The logged steps of every curve.</summary>
    int[] LogSteps() => Enumerable.Range(0, config.Steps / config.LogEvery + 1).Select(i => i * config.LogEvery)
        .Concat(config.Steps % config.LogEvery == 0 ? [] : [config.Steps]).ToArray();

    /// <inheritdoc/>
    public JsonObject Summarize()
    {
        var json = new JsonObject
        {
            ["networks"] = results.Count,
            ["rich_scale"] = Label(0),
            ["lazy_scale"] = Label(Lazy),
        };
        foreach (var (name, group) in new[] { ("rich", 0), ("lazy", Lazy) })
            foreach (var (key, value) in Profile(Scale(group).ToList())) json[$"{name}_{key}"] = value;
        if (scales.Count > 1 && config.Runs >= 2)
        {
            var (rich, lazy) = (Scale(0).ToList(), Scale(Lazy).ToList());
            AddTest(json, "t_beta_orthogonal", rich.Select(r => r.Betas[1]).ToList(), lazy.Select(r => r.Betas[1]).ToList());
            AddTest(json, "t_beta_grid", rich.Select(r => r.Betas[0]).ToList(), lazy.Select(r => r.Betas[0]).ToList());
            AddTest(json, "t_convergence_steps", rich.Select(Converged).ToList(), lazy.Select(Converged).ToList());
            AddTest(json, "t_kernel_distance", rich.Select(r => r.KernelDistance).ToList(), lazy.Select(r => r.KernelDistance).ToList());
            AddTest(json, "t_log_stimulus_change", rich.Select(r => LogAbs(r.StimulusChange[^1])).ToList(), lazy.Select(r => LogAbs(r.StimulusChange[^1])).ToList());
        }
        if (scales.Count > 1)
            foreach (var (key, measure) in KruskalMeasures)
            {
                var kw = KruskalWallis.Of(Enumerable.Range(0, scales.Count).Select(g => (IReadOnlyList<double>)Scale(g).Select(measure).ToList()).ToList());
                json[$"kruskal_h_{key}"] = kw.H;
                json[$"kruskal_p_{key}"] = kw.P;
            }
        json["per_scale"] = new JsonArray(Enumerable.Range(0, scales.Count).Select(g => (JsonNode?)Group(Label(g), Scale(g).ToList())).ToArray());
        if (l2Weights.Length > 0)
        {
            json["l2_scale"] = $"{l2Scale.Stimulus}:{l2Scale.Context}";
            json["per_l2"] = new JsonArray(Enumerable.Range(0, l2Weights.Length).Select(g => (JsonNode?)Group($"λ={l2Weights[g]:0.####}", Level(g).ToList())).ToArray());
            foreach (var (key, value) in Profile(Level(0).ToList())) json[$"l2_min_{key}"] = value;
            foreach (var (key, value) in Profile(Level(l2Weights.Length - 1).ToList())) json[$"l2_max_{key}"] = value;
        }
        json["notes"] = new JsonArray(
            "Unit categories use the mean over all 25 items of each context; the authors' code drops the last south item (25:-1), a quirk not reproduced.",
            config.AblationMasks == AblationMasks.Own
                ? "Ablation masks are computed from the network being ablated (the authors' code took them from the rich network of the same run for every scale; --ablation-masks rich reproduces that)."
                : "Ablation masks are those of the rich network (the first scale) of the same run for every network, as in the authors' code (--ablation-masks rich).",
            "Top-k accuracy reads the rank-k hidden matrix out with the trained output layer and the sign of the linear output (the authors' code applies a sigmoid there).",
            (config.Draws == WeightDraws.Shared
                ? "Run r of every scale (and of every λ) shares its standard-normal draws (--draws shared; the authors' networks each drew their own, --draws independent)"
                : "Every network draws its own weights (--draws independent), as in the authors' code") +
            "; the L2 penalty is ½ λ Σ ‖W‖² over W_hs, W_hc and W_yh (gradient λW).");
        return json;
    }

    /// <summary>The measures spec §D.4 compares across the initial scales with Kruskal–Wallis tests: end norm and relative change of W_hs and W_yh.</summary>
    static readonly (string Key, Func<NetworkResult, double> Measure)[] KruskalMeasures =
    [
        ("stimulus_weight_norm", r => r.FinalNorms[0]), ("stimulus_weight_change", r => r.StimulusChange[^1]),
        ("output_weight_norm", r => r.FinalNorms[2]), ("output_weight_change", r => r.OutputChange[^1]),
    ];

    /// <summary>Mean over the logged steps of |log10 L_linearised − log10 L| (NaN without a linearised curve).</summary>
    static double KernelLossGap(NetworkResult r) =>
        r.KernelLoss.Length == 0 ? double.NaN : r.KernelLoss.Zip(r.Loss, (a, b) => Math.Abs(Math.Log10(a) - Math.Log10(b))).Average();

    double Converged(NetworkResult r) => r.ConvergedAt ?? config.Steps + 1;

    static double LogAbs(double x) => Math.Log(Math.Abs(x));

    static void AddTest(JsonObject json, string name, List<double> a, List<double> b)
    {
        var t = WelchTest.Of(a, b);
        json[name] = t.T;
        json[name.Replace("t_", "p_")] = t.P;
    }

    string Label(int g) => $"σ_s={scales[g].Stimulus:0.###}, σ_c={scales[g].Context:0.###}";

    JsonObject Group(string label, List<NetworkResult> nets)
    {
        var json = new JsonObject { ["label"] = label };
        foreach (var (key, value) in Profile(nets)) json[key] = value;
        return json;
    }

    /// <summary>Means over the networks of one group.</summary>
    IEnumerable<(string, JsonNode?)> Profile(List<NetworkResult> nets)
    {
        if (nets.Count == 0) yield break;
        double Mean(Func<NetworkResult, double> f) => nets.Select(f).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
        yield return ("final_accuracy", Mean(r => r.Accuracy[^1]));
        yield return ("final_loss", Mean(r => r.Loss[^1]));
        yield return ("converged_share", nets.Count(r => r.ConvergedAt is not null) / (double)nets.Count);
        yield return ("convergence_steps", Mean(r => r.ConvergedAt ?? double.NaN));
        yield return ("stimulus_weight_change", Mean(r => r.StimulusChange[^1]));
        yield return ("log_abs_stimulus_weight_change", Mean(r => LogAbs(r.StimulusChange[^1])));
        yield return ("context_weight_change", Mean(r => r.ContextChange[^1]));
        yield return ("output_weight_change", Mean(r => r.OutputChange[^1]));
        yield return ("stimulus_weight_norm", Mean(r => r.FinalNorms[0]));
        yield return ("output_weight_norm", Mean(r => r.FinalNorms[2]));
        yield return ("dead_units", Mean(r => r.Dead));
        yield return ("dead_units_at_init", Mean(r => r.DeadAtInit));
        yield return ("dead_units_without_last_item", Mean(r => r.DeadWithoutLastItem));
        yield return ("only_a_units", Mean(r => r.OnlyA));
        yield return ("only_b_units", Mean(r => r.OnlyB));
        yield return ("mixed_units", Mean(r => r.Mixed));
        yield return ("task_specific_share_of_active", Mean(r => r.Dead == config.Hidden ? double.NaN : (r.OnlyA + r.OnlyB) / (double)(config.Hidden - r.Dead)));
        yield return ("orthogonality", Mean(r => r.Orthogonality));
        yield return ("top3_variance", Mean(r => r.Scree.Take(3).Sum()));
        yield return ("top1_accuracy", Mean(r => r.TopKAccuracy[0]));
        yield return ("top2_accuracy", Mean(r => r.TopKAccuracy[1]));
        yield return ("top3_accuracy", Mean(r => r.TopKAccuracy[2]));
        for (int m = 0; m < BlobModels.Names.Count; m++)
        {
            int model = m;
            yield return ($"beta_{BlobModels.Names[m]}", Mean(r => r.Betas[model]));
        }
        yield return ("context_correlation_specific_before", Mean(r => r.ContextCorrelation[0]));
        yield return ("context_correlation_specific_after", Mean(r => r.ContextCorrelation[1]));
        yield return ("context_correlation_mixed_before", Mean(r => r.ContextCorrelation[2]));
        yield return ("context_correlation_mixed_after", Mean(r => r.ContextCorrelation[3]));
        yield return ("kernel_distance", Mean(r => r.KernelDistance));
        yield return ("kernel_change", Mean(r => r.KernelChange));
        yield return ("kernel_alignment_before", Mean(r => r.KernelAlignment[0]));
        yield return ("kernel_alignment_after", Mean(r => r.KernelAlignment[1]));
        yield return ("kernel_loss_gap", Mean(KernelLossGap));
        foreach (var mask in nets[0].Ablations.Select(a => a.Mask))
        {
            string key = mask.Replace('-', '_');
            Ablation Of(NetworkResult r) => r.Ablations.First(a => a.Mask == mask);
            yield return ($"ablate_{key}_task_a", Mean(r => Of(r).TaskA));
            yield return ($"ablate_{key}_task_b", Mean(r => Of(r).TaskB));
            yield return ($"ablate_{key}_congruent", Mean(r => Of(r).Congruent));
            yield return ($"ablate_{key}_incongruent", Mean(r => Of(r).Incongruent));
        }
    }

    /// <inheritdoc/>
    public IEnumerable<NamedFigure> Figures() => RichLazyFigures.All(results, scales.Count, l2Weights, LogSteps(), Label, config.AblationMasks == AblationMasks.Own);

    /// <inheritdoc/>
    public Glossary Glossary() => RichLazyFigures.Glossary();

    /// <inheritdoc/>
    public void Dispose() { }
}
