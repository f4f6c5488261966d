using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Models.DentateGyrus;
using Parsimony.Runs;
using Parsimony.Simulation;

namespace Parsimony.Experiments.DentateGyrus;

/// <summary>
/// <c>parsimony run dentate-optimize</c>: re-optimises the mean weights of one model (spec neuro_models.md §B.5) by
/// differential evolution over the published bounds, searched on a log10 scale (the published optimum spans 0.01–1).
/// A candidate's score is the objective vector summed (<see cref="Objectives.Total"/>) and averaged over the weight
/// instances, under Deb's rules with the feasibility filter as constraint (violation = instances that fail it). The
/// published parameters are scored the same way, and the goal is met when the best candidate is at least as good.
/// A generation depends on the one before, so the whole search is one chunk (using every core inside); a killed run
/// starts the search again on <c>--resume</c>.
/// </summary>
public sealed class DentateOptimizeJob : ISimulationJob
{
    readonly DentateOptimizeConfig config;
    readonly DgNetwork network;
    readonly DgProtocol protocol;
    JsonObject result = [];

    /// <summary>Checks the options and resolves the model.</summary>
    public DentateOptimizeJob(DentateOptimizeConfig config)
    {
        config.Validate();
        this.config = config;
        network = config.Network();
        protocol = config.Protocol();
    }

    /// <inheritdoc/>
    public string Name => "dentate-optimize";

    /// <inheritdoc/>
    public int Chunks => 1;

    /// <inheritdoc/>
    public int ParallelChunks => 1;

    /// <summary>The network with the mean weights <paramref name="means"/> (one per projection, in order).</summary>
    DgNetwork With(IReadOnlyList<double> means) => new(network.Name, network.Description, network.Input, network.InputSize, network.Output,
        network.Populations, network.Projections.Select((j, k) => j with { Mean = means[k] }).ToList());

    /// <summary>Every (candidate, instance) evaluation, in parallel over all cores; results by index, so deterministic.</summary>
    DentateEvaluation[][] Evaluate(IReadOnlyList<double[]> means)
    {
        var evaluations = new DentateEvaluation[means.Count][];
        for (int c = 0; c < means.Count; c++) evaluations[c] = new DentateEvaluation[config.Instances];
        var networks = means.Select(With).ToArray();
        Parallel.For(0, means.Count * config.Instances, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            evaluations[i / config.Instances][i % config.Instances] = new DentateEvaluation(networks[i / config.Instances], config.Seed + i % config.Instances, protocol));
        return evaluations;
    }

    static Fitness Score(DentateEvaluation[] instances) =>
        new(instances.Count(e => !e.Feasible), instances.Average(e => e.Output.Objectives().Total));

    double[] Means(double[] log10) => log10.Select(v => Math.Pow(10, v)).ToArray();

    /// <inheritdoc/>
    public JsonObject RunChunk(int index)
    {
        int n = network.Projections.Count;
        var search = new DifferentialEvolution(Enumerable.Repeat(Math.Log10(config.Lower), n).ToArray(), Enumerable.Repeat(Math.Log10(config.Upper), n).ToArray(), config.Population);
        var history = search.Minimize(batch => Evaluate(batch.Select(Means).ToArray()).Select(Score).ToArray(), config.Generations, config.Seed);
        var bestMeans = Means(history[^1].Best);
        var published = network.Projections.Select(j => j.Mean).ToArray();
        var final = Evaluate([bestMeans, published]);
        var (best, reference) = (Score(final[0]), Score(final[1]));
        var o = new JsonObject
        {
            ["generations_run"] = history.Count - 1,
            ["candidates_evaluated"] = history[^1].Evaluations,
            ["best_objective"] = best.Objective,
            ["best_infeasible_instances"] = (int)best.Violation,
            ["published_objective"] = reference.Objective,
            ["published_infeasible_instances"] = (int)reference.Violation,
            ["objective_ratio"] = best.Objective / reference.Objective,
            ["goal_met"] = best.CompareTo(reference) <= 0,
            ["best_mean_active_gcs"] = final[0].Average(e => e.Output.MeanSparsity),
            ["best_mean_similarity"] = final[0].Average(e => e.Output.MeanSimilarity),
            ["best_fraction_active_units"] = final[0].Average(e => e.Output.FractionActiveUnits),
            ["published_mean_active_gcs"] = final[1].Average(e => e.Output.MeanSparsity),
            ["published_mean_similarity"] = final[1].Average(e => e.Output.MeanSimilarity),
            ["published_fraction_active_units"] = final[1].Average(e => e.Output.FractionActiveUnits),
        };
        for (int k = 0; k < n; k++) o[$"param_{network.Projections[k].Key}"] = bestMeans[k];
        for (int k = 0; k < n; k++) o[$"published_param_{network.Projections[k].Key}"] = published[k];
        o["history"] = new JsonArray(history.Select(h => (JsonNode?)new JsonObject
        {
            ["generation"] = h.Generation,
            ["evaluations"] = h.Evaluations,
            ["best_objective"] = h.BestFitness.Objective,
            ["best_infeasible_instances"] = (int)h.BestFitness.Violation,
            ["median_feasible_objective"] = double.IsNaN(h.MedianObjective) ? null : h.MedianObjective,
        }).ToArray());
        return o;
    }

    /// <inheritdoc/>
    public void Collect(IReadOnlyList<JsonObject> results) => result = results[0];

    /// <inheritdoc/>
    public JsonObject Summarize()
    {
        var summary = new JsonObject
        {
            ["model"] = config.Model,
            ["population"] = config.Population,
            ["instances"] = config.Instances,
            ["weight_seeds"] = $"{config.Seed}–{config.Seed + config.Instances - 1}",
            ["dt_ms"] = config.DtMs,
        };
        foreach (var (key, value) in result.Where(p => p.Key is not ("history" or "kind" or "chunk"))) summary[key] = value?.DeepClone();
        return summary;
    }

    /// <inheritdoc/>
    public IEnumerable<NamedFigure> Figures()
    {
        var history = result["history"]!.AsArray();
        double[] G(string key) => history.Select(h => h![key] is null ? double.NaN : (double)h[key]!).ToArray();
        var generations = Enumerable.Range(0, history.Count).Select(g => (double)g).ToArray();
        double reference = (double)result["published_objective"]!;
        yield return new NamedFigure("convergence", new LinesFigure($"Differential evolution on model {config.Model}", "generation", "objective (sum of the five terms, mean over instances)",
            [
                new Series("best so far", generations, G("best_objective")),
                new Series("population median (feasible)", generations, G("median_feasible_objective")) { Dashed = true },
                new Series("published parameters", generations, generations.Select(_ => reference).ToArray()) { Dashed = true },
            ], LogY: true)
        {
            Caption = $"Population {config.Population}, {config.Instances} weight instances per candidate, bounds [{Rules.Show(config.Lower)}, {Rules.Show(config.Upper)}] on a log scale; " +
                      "candidates that fail the feasibility filter on more instances rank behind (Deb's rules), so the best may be infeasible early on.",
        });
        var keys = network.Projections.Select(j => j.Key).ToArray();
        yield return new NamedFigure("parameters", new BarsFigure("Best mean weights found (published in brackets)", "mean weight",
            keys.Select(k => (double)result[$"param_{k}"]!).ToArray(),
            keys.Select(k => $"{k} ({(double)result[$"published_param_{k}"]!:0.####})").ToArray())
        {
            XLabel = "projection (pre:post)", Caption = "The mean weight of each projection at the best candidate; the spec's published optimum (§B.4) in brackets.",
        });
    }

    /// <inheritdoc/>
    public Glossary Glossary() => JobOutput.Common()
        .Add("model", "The model whose mean weights were searched.")
        .Add("population", "Members of the differential-evolution population.")
        .Add("instances", "Weight instances (seeds) each candidate is scored on.")
        .Add("weight_seeds", "The weight seeds used.")
        .Add("dt_ms", "RK4 integration step.", "ms")
        .Add("generations_run", "Generations after the initial population.")
        .Add("candidates_evaluated", "Candidates scored: population × (generations + 1); each is simulated once per instance.")
        .Add("best_objective", "The best candidate's objective: the five objective terms summed, mean over the instances (lower is better).")
        .Add("best_infeasible_instances", "Instances on which the best candidate fails the feasibility filter.")
        .Add("published_objective", "The published parameters' objective, scored the same way here.")
        .Add("published_infeasible_instances", "Instances on which the published parameters fail the feasibility filter.")
        .Add("objective_ratio", "Best over published objective (≤ 1: at least as good).")
        .Add("goal_met", "Whether the best candidate is at least as good as the published parameters (no more infeasible instances, then an objective no higher).")
        .Add("best_mean_active_gcs", "Mean active granule cells per pattern at the best candidate (mean over instances).")
        .Add("best_mean_similarity", "Mean cosine similarity of the responses at the best candidate.")
        .Add("best_fraction_active_units", "Share of granule cells answering any pattern at the best candidate.")
        .Add("published_mean_active_gcs", "Mean active granule cells per pattern at the published parameters (measured here).")
        .Add("published_mean_similarity", "Mean cosine similarity at the published parameters (measured here).")
        .Add("published_fraction_active_units", "Share of active granule cells at the published parameters (measured here).")
        .Add("history", "Per generation: candidates scored so far, the best objective and its infeasible instances, the median objective of the feasible members.")
        .AddPrefix("published_param_", "The published mean weight of projection PRE:POST (spec §B.4).")
        .AddPrefix("param_", "The best candidate's mean weight of projection PRE:POST.");

    /// <inheritdoc/>
    public void Dispose() { }
}
