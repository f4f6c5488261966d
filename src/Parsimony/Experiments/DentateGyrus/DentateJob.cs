using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Models.DentateGyrus;
using Parsimony.Runs;
using Parsimony.Simulation;

namespace Parsimony.Experiments.DentateGyrus;

/// <summary>
/// <c>parsimony run dentate</c>: the dentate-gyrus rate network (spec neuro_models.md Part B) evaluated on the 128
/// binary patterns for every selected model (and ablated variant) and weight seed. One chunk is one (variant, seed)
/// evaluation; the summary compares each variant's means with the published table (§B.6), the figures show the
/// responses, their similarity against the inputs' and the active-cell distribution of the featured model (6 when it
/// runs, else the first).
/// </summary>
public sealed class DentateJob : ISimulationJob
{
    readonly DentateConfig config;
    readonly IReadOnlyList<DgNetwork> variants;
    readonly DgProtocol protocol;
    IReadOnlyList<JsonObject> results = [];

    /// <summary>Checks the options and resolves the networks.</summary>
    public DentateJob(DentateConfig config)
    {
        config.Validate();
        this.config = config;
        variants = config.Variants();
        protocol = config.Protocol();
    }

    /// <inheritdoc/>
    public string Name => "dentate";

    /// <inheritdoc/>
    public int Chunks => variants.Count * config.Instances;

    /// <inheritdoc/>
    public int ParallelChunks => Environment.ProcessorCount;

    /// <inheritdoc/>
    public JsonObject RunChunk(int index) =>
        new DentateEvaluation(variants[index / config.Instances], config.Seed + index % config.Instances, protocol).ToJson();

    /// <inheritdoc/>
    public void Collect(IReadOnlyList<JsonObject> results) => this.results = results;

    IEnumerable<JsonObject> Of(int variant) => results.Skip(variant * config.Instances).Take(config.Instances);

    double Mean(int variant, string key) => Of(variant).Select(r => (double?)r[key]).Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(double.NaN).Average();

    double[] Active(int variant) => Of(variant).SelectMany(r => r["active_per_pattern"]!.AsArray().Select(n => (double)(int)n!)).ToArray();

    int Featured => Math.Max(0, variants.ToList().FindIndex(v => v.Name == "6"));

    static readonly string[] Means = ["mean_active_gcs", "mean_similarity", "fraction_active_units", "fraction_active_patterns", "mean_selectivity",
                                      "sparsity_loss", "discriminability_loss", "selectivity_loss", "fraction_active_patterns_loss", "fraction_active_units_loss"];

    /// <inheritdoc/>
    public JsonObject Summarize()
    {
        var rows = new JsonArray();
        var reference = Active(Featured);
        for (int v = 0; v < variants.Count; v++)
        {
            var row = new JsonObject { ["model"] = variants[v].Name };
            foreach (var key in Means.Take(5)) row[key] = Mean(v, key);
            row["objective_total"] = Means.Skip(5).Sum(k => Mean(v, k));
            row["feasible_instances"] = Of(v).Count(r => (bool)r["feasible"]!);
            if (config.ModelFile is null && PublishedDentateResults.Rows.TryGetValue(variants[v].Name, out var published))
            {
                row["published_active_gcs"] = published.ActiveGcs;
                row["active_gcs_ratio"] = Mean(v, "mean_active_gcs") / published.ActiveGcs;
                row["published_similarity"] = published.Similarity;
                row["similarity_ratio"] = Mean(v, "mean_similarity") / published.Similarity;
                row["published_fraction_active_units"] = published.FractionActiveUnits;
            }
            if (variants.Count > 1) row["ks_d_active_vs_featured"] = PatternSeparation.KolmogorovSmirnov(Active(v), reference).D;
            rows.Add(row);
        }
        var summary = new JsonObject
        {
            ["model"] = config.Model,
            ["variants"] = variants.Count,
            ["instances"] = config.Instances,
            ["weight_seeds"] = $"{config.Seed}–{config.Seed + config.Instances - 1}",
            ["dt_ms"] = config.DtMs,
        };
        foreach (var key in Means.Take(5)) summary[key] = Mean(Featured, key);   // the featured model's; every model's in per_model
        summary["sparsity_equals_selectivity"] = results.All(r => (double)r["mean_active_gcs"]! == (double)r["mean_selectivity"]!);
        if (config.ModelFile is null) AddChecks(summary);
        summary["featured_model"] = variants[Featured].Name;
        summary["per_model"] = rows;
        return summary;
    }

    /// <summary>Check B4 where the published models ran: the ±15% band and the orderings.</summary>
    void AddChecks(JsonObject summary)
    {
        double? Of(string model, string key) => variants.ToList().FindIndex(v => v.Name == model) is var i and >= 0 ? Mean(i, key) : null;
        var checkedHere = PublishedDentateResults.Checked.Where(m => Of(m, "mean_active_gcs") is not null).ToList();
        if (checkedHere.Count == 0) return;
        bool Within(double value, double published) => Math.Abs(value / published - 1) <= PublishedDentateResults.Tolerance;
        summary["b4_models_within_15_percent"] = checkedHere.Count(m =>
            Within(Of(m, "mean_active_gcs")!.Value, PublishedDentateResults.Rows[m].ActiveGcs) &&
            Within(Of(m, "mean_similarity")!.Value, PublishedDentateResults.Rows[m].Similarity));
        summary["b4_models_checked"] = checkedHere.Count;
        if (PublishedDentateResults.Checked.All(m => Of(m, "mean_active_gcs") is not null))
        {
            double S(string m) => Of(m, "mean_similarity")!.Value;
            double A(string m) => Of(m, "mean_active_gcs")!.Value;
            summary["b4_similarity_order_6_5_1_0"] = S("6") < S("5") && S("5") < S("1") && S("1") < S("0");
            summary["b4_active_5_6_below_half_of_1_to_4"] = Math.Max(A("5"), A("6")) < 0.5 * new[] { "1", "2", "3", "4" }.Min(A);
        }
    }

    /// <inheritdoc/>
    public IEnumerable<NamedFigure> Figures()
    {
        var featured = variants[Featured];
        var eval = new DentateEvaluation(featured, config.Seed, protocol, Environment.ProcessorCount);
        var gc = eval.ByPopulation[featured.Output];
        var order = Enumerable.Range(0, eval.Output.Units)
            .OrderBy(u => eval.Output.PatternsPerUnit[u] == 0 ? int.MaxValue : Enumerable.Range(0, gc.Length).MaxBy(p => gc[p][u]))
            .ToArray();
        string model = $"model {featured.Name}, weight seed {config.Seed}";
        yield return new NamedFigure("responses-gc", new HeatmapFigure($"Granule-cell responses ({model})",
            gc.Select(r => order.Select(u => r[u]).ToArray()).ToArray(), "granule cell (by preferred pattern)", "pattern (by active inputs)")
        {
            ColorLabel = "mean activity",
            Caption = "Window-mean activity (0.15–0.35 s) of every granule cell to every input pattern; patterns sorted by their number of active inputs " +
                      "(pattern 0, all silent, first), cells by the pattern they answer most (silent cells last). A sparse, selective code is a thin diagonal.",
        });
        var others = featured.Populations.Where(p => p.Name != featured.Output).ToList();
        if (others.Count > 0)
            yield return new NamedFigure("responses-other", new HeatmapFigure($"{string.Join(", ", others.Select(p => p.Name))} responses ({model})",
                Enumerable.Range(0, gc.Length).Select(p => others.SelectMany(o => eval.ByPopulation[o.Name][p]).ToArray()).ToArray(),
                $"unit ({string.Join(" | ", others.Select(o => $"{o.Name} ×{o.Size}"))})", "pattern (by active inputs)")
            {
                ColorLabel = "mean activity",
                Caption = "Window-mean activity of the interneurons and mossy cells, populations side by side in the order of the axis label.",
            });
        var input = PatternSeparation.CosineSimilarity(DentateEvaluation.Patterns);
        yield return new NamedFigure("similarity-input", new HeatmapFigure("Cosine similarity of the input patterns", JobOutput.Rows(input), "pattern", "pattern")
        {
            ColorLabel = "cosine", ColorMax = 1,
            Caption = "Cosine similarity of every pair of the 128 binary input patterns (pattern 0 is all zeros, so its row is blank).",
        });
        yield return new NamedFigure("similarity-gc", new HeatmapFigure($"Cosine similarity of the granule-cell responses ({model}; mean {eval.Output.MeanSimilarity:F3})",
            JobOutput.Rows(eval.Output.Similarity), "pattern", "pattern")
        {
            ColorLabel = "cosine", ColorMax = 1,
            Caption = "Cosine similarity of the granule-cell response vectors of every pair of patterns; blank where a pattern evokes no response. " +
                      "Pattern separation is this matrix being darker than the input's.",
        });
        var pairs = Enumerable.Range(0, gc.Length).SelectMany(a => Enumerable.Range(0, a).Select(b => (a, b)))
            .Where(p => double.IsFinite(input[p.a, p.b]) && double.IsFinite(eval.Output.Similarity[p.a, p.b])).ToList();
        yield return new NamedFigure("similarity-scatter", new ScatterFigure($"Output against input similarity ({model})", "input cosine similarity",
            "granule-cell cosine similarity", pairs.Select(p => input[p.a, p.b]).ToArray(), pairs.Select(p => eval.Output.Similarity[p.a, p.b]).ToArray(), Diagonal: true)
        {
            Caption = "One point per pair of patterns that both evoke a response; points below the diagonal are pairs the network separates.",
        });
        var active = Active(Featured);
        bool published = config.ModelFile is null && PublishedDentateResults.Rows.ContainsKey(featured.Name);
        yield return new NamedFigure("active-gcs-histogram", new HistogramFigure($"Active granule cells per pattern (model {featured.Name}, {config.Instances} weight seeds)",
            "active granule cells (of 128)", active, published ? PublishedDentateResults.Rows[featured.Name].ActiveGcs : active.Average(),
            published ? "published mean" : "mean", Bins: 32)
        {
            Caption = "How many granule cells answer each pattern, pooled over the weight instances (the target of the optimisation was 1).",
        });
        if (variants.Count < 2) yield break;
        var labels = variants.Select(v => v.Name.Replace(" without ", " −")).ToArray();
        string Published(int v, Func<PublishedDentateRow, double> pick) =>
            config.ModelFile is null && PublishedDentateResults.Rows.TryGetValue(variants[v].Name, out var row) ? $" ({pick(row):0.###})" : "";
        yield return new NamedFigure("comparison-active", new BarsFigure("Mean active granule cells per pattern, by model", "active GCs (of 128)",
            Enumerable.Range(0, variants.Count).Select(v => Mean(v, "mean_active_gcs")).ToArray(),
            Enumerable.Range(0, variants.Count).Select(v => labels[v] + Published(v, r => r.ActiveGcs)).ToArray())
        {
            XLabel = "model", Caption = $"Means over {config.Instances} weight seeds; the published value (spec §B.6) in brackets; \"−PRE:POST\" marks a variant without that projection.",
        });
        yield return new NamedFigure("comparison-similarity", new BarsFigure("Mean cosine similarity of the responses, by model", "cosine similarity",
            Enumerable.Range(0, variants.Count).Select(v => Mean(v, "mean_similarity")).ToArray(),
            Enumerable.Range(0, variants.Count).Select(v => labels[v] + Published(v, r => r.Similarity)).ToArray())
        {
            XLabel = "model", Caption = $"Means over {config.Instances} weight seeds of the mean similarity over pairs of responding patterns (lower is better separated); the published value in brackets; \"−PRE:POST\" marks a variant without that projection.",
        });
    }

    /// <inheritdoc/>
    public Glossary Glossary() => JobOutput.Common()
        .Add("model", "The model run (a key of the family, or all).")
        .Add("variants", "Networks evaluated: the selected models and their ablated variants.")
        .Add("instances", "Weight instances (seeds) per network.")
        .Add("weight_seeds", "The weight seeds used.")
        .Add("weight_seed", "The weight seed of this evaluation.")
        .Add("dt_ms", "RK4 integration step.", "ms")
        .Add("mean_active_gcs", "Mean number of active (non-zero) granule cells per pattern, of 128 (sparsity; the figures plot 1 − this/128).")
        .Add("mean_selectivity", "Mean number of patterns each granule cell answers (selectivity); equal to the sparsity mean by construction (check B6).")
        .Add("mean_similarity", "Mean cosine similarity between the granule-cell responses of two patterns, over the pairs where both respond.")
        .Add("fraction_active_patterns", "Share of patterns that evoke any granule-cell response (at most 127/128: pattern 0 is silent).")
        .Add("fraction_active_units", "Share of granule cells that answer any pattern.")
        .Add("sparsity_loss", "Σ over patterns of ((1 − active GCs)/0.1)².")
        .Add("discriminability_loss", "Σ over pattern pairs of (cosine/0.1)², silent patterns counting as cosine 1.")
        .Add("selectivity_loss", "Σ over granule cells of ((1 − patterns answered)/0.1)².")
        .Add("fraction_active_patterns_loss", "((1 − fraction of active patterns)/0.001)².")
        .Add("fraction_active_units_loss", "((1 − fraction of active units)/0.001)².")
        .Add("objective_total", "The five objective terms summed (means over the instances).")
        .Add("feasible", "Whether every population passes the fraction-active thresholds (GC 0.9 and 0.9, others 0.6 and 0.8).")
        .Add("feasible_instances", "Instances passing the feasibility filter.")
        .Add("active_per_pattern", "Active granule cells for each of the 128 patterns.")
        .Add("published_active_gcs", "The published mean active GCs per pattern (spec §B.6).")
        .Add("active_gcs_ratio", "Measured over published mean active GCs (check B4: within 0.85–1.15).")
        .Add("published_similarity", "The published mean cosine similarity (spec §B.6).")
        .Add("similarity_ratio", "Measured over published mean similarity (check B4: within 0.85–1.15).")
        .Add("published_fraction_active_units", "The published share of active granule cells (spec §B.6).")
        .Add("ks_d_active_vs_featured", "Two-sample Kolmogorov–Smirnov D between this model's and the featured model's active-GC counts (all patterns and seeds).")
        .Add("sparsity_equals_selectivity", "Whether mean sparsity equals mean selectivity exactly in every evaluation (check B6).")
        .Add("b4_models_within_15_percent", "Models among 0, 1, 2, 3, 4, 5, 6 whose active GCs and similarity are both within ±15% of the published table.")
        .Add("b4_models_checked", "Models among 0, 1, 2, 3, 4, 5, 6 that ran.")
        .Add("b4_similarity_order_6_5_1_0", "Whether similarity(6) < similarity(5) < similarity(1) < similarity(0), as published.")
        .Add("b4_active_5_6_below_half_of_1_to_4", "Whether models 5 and 6 have fewer than half the active GCs of every model 1–4 (sparsity(5, 6) ≪ sparsity(1–4)).")
        .Add("featured_model", "The model whose means the top-level metrics are and whose responses the figures show (6 when it ran, else the first).")
        .Add("per_model", "One row per network: its means over the weight instances and the published values (the table below).");

    /// <inheritdoc/>
    public void Dispose() { }
}
