using System.Text.Json.Nodes;
using Parsimony.Models.Olfaction;
using Parsimony.Runs;
using Parsimony.Simulation;

namespace Parsimony.Experiments.Olfaction;

/// <summary>
/// <c>run olfaction</c>: the Monte-Carlo studies of estimation by elimination (spec neuro_models.md §C.4–C.5) as an
/// untrained job. Each grid point of <see cref="OlfactionPlan"/> is one chunk, its trials drawn from a generator seeded
/// by (seed, chunk index), so chunks run in parallel and a killed run resumes with the missing points only. The
/// summary holds the acceptance checks C1–C5 and the per-point table; the figures show success against s with the
/// 1/(K+1) markers, the minimal M against K and N with the formulas, and the diversity–sparsity relation.
/// </summary>
public sealed class OlfactionJob : ISimulationJob
{
    readonly OlfactionConfig config;
    readonly IReadOnlyList<OlfactionPoint> points;
    PointStatistics[] stats = [];

    /// <summary>Validates <paramref name="config"/> and lays out its grid (bad input fails here, before any folder exists).</summary>
    public OlfactionJob(OlfactionConfig config)
    {
        config.Validate();
        this.config = config;
        points = OlfactionPlan.Points(config);
    }

    /// <inheritdoc/>
    public string Name => "olfaction";

    /// <summary>The grid points, in chunk order.</summary>
    public IReadOnlyList<OlfactionPoint> Points => points;

    /// <inheritdoc/>
    public int Chunks => points.Count;

    /// <inheritdoc/>
    public int ParallelChunks => Environment.ProcessorCount;

    /// <inheritdoc/>
    public JsonObject RunChunk(int index) =>
        PointStatistics.Run(config, points[index], config.Trials, new Random(unchecked(config.Seed * 1_000_003 + index))).ToJson();

    /// <inheritdoc/>
    public void Collect(IReadOnlyList<JsonObject> results) => stats = results.Select(PointStatistics.FromJson).ToArray();

    /// <summary>The statistics of every point, aligned with <see cref="Points"/> (after the run).</summary>
    public IReadOnlyList<PointStatistics> Statistics => stats;

    double Epsilon => EliminationTheory.CleanEpsilon(config.SuccessLevel);

    IEnumerable<(OlfactionPoint Point, PointStatistics Stats)> Scan(OlfactionScan scan) =>
        points.Zip(stats).Where(p => p.First.Scan == scan);

    /// <summary>Per K: the breadth scan's grid, rates, false candidates and their closed forms, and its peak.</summary>
    public IReadOnlyList<BreadthCurve> BreadthCurves() => Scan(OlfactionScan.Breadth).GroupBy(p => p.Point.Mixture)
        .Select(g => new BreadthCurve(g.Key, g.First().Point.Odorants, g.First().Point.Receptors, g.Select(p => p.Point.Breadth).ToArray(),
            g.Select(p => Rate(p.Stats.Successes, p.Stats)).ToArray(), g.Select(p => Rate(p.Stats.Clean, p.Stats)).ToArray(),
            g.Select(p => p.Stats.FalseCandidates / p.Stats.Trials).ToArray()))
        .ToArray();

    /// <summary>Per K (at N = --odorants) or per N (at K = --scaling-mixture-size): the M scan and its minimal M.</summary>
    public IReadOnlyList<ReceptorCurve> ReceptorCurves(OlfactionScan scan) => Scan(scan)
        .GroupBy(p => (p.Point.Odorants, p.Point.Mixture))
        .Select(g => new ReceptorCurve(g.Key.Mixture, g.Key.Odorants, g.First().Point.Breadth, g.Select(p => p.Point.Receptors).ToArray(),
            g.Select(p => Rate(p.Stats.Successes, p.Stats)).ToArray(), g.Select(p => Rate(p.Stats.Clean, p.Stats)).ToArray(), config.SuccessLevel))
        .ToArray();

    static double Rate(int count, PointStatistics s) => (double)count / s.Trials;

    /// <inheritdoc/>
    public JsonObject Summarize()
    {
        var all = stats;
        var breadth = BreadthCurves();
        var byMixture = ReceptorCurves(OlfactionScan.ReceptorsByMixture);
        var byRepertoire = ReceptorCurves(OlfactionScan.ReceptorsByRepertoire);
        var c2 = points.Zip(all).Select(p => (Expected: EliminationTheory.ExpectedFalseCandidates(p.First.Odorants, p.First.Receptors, p.First.Breadth, p.First.Mixture),
                                               Approximate: EliminationTheory.ApproximateFalseCandidates(p.First.Odorants, p.First.Receptors, p.First.Breadth, p.First.Mixture),
                                               Mean: p.Second.FalseCandidates / p.Second.Trials, Se: StandardError(p.Second)))
            .Where(p => p.Expected >= 1).ToArray();
        var notes = new List<string>();
        var json = new JsonObject
        {
            ["points"] = points.Count,
            ["trials_per_point"] = config.Trials,
            ["trials"] = all.Sum(s => s.Trials),
            ["success_rate"] = (double)all.Sum(s => s.Successes) / Math.Max(1, all.Sum(s => s.Trials)),
            ["c1_solvable_trials"] = all.Sum(s => s.Solvable),
            ["c1_solvable_failures"] = all.Sum(s => s.SolvableFailures),
            ["c1_max_concentration_error"] = all.Length == 0 ? 0 : all.Max(s => s.SolvableMaxError),
            ["c2_points"] = c2.Length,
            ["c2_max_deviation_exact"] = c2.Length == 0 ? double.NaN : c2.Max(p => Math.Abs(p.Mean / p.Expected - 1)),
            ["c2_mean_deviation_exact"] = c2.Length == 0 ? double.NaN : c2.Average(p => Math.Abs(p.Mean / p.Expected - 1)),
            ["c2_points_within_10_percent"] = c2.Count(p => Math.Abs(p.Mean / p.Expected - 1) <= 0.1),
            ["c2_points_within_3_se"] = c2.Count(p => Math.Abs(p.Mean - p.Expected) <= 3 * p.Se),
            ["c2_spec_points_within_10_percent"] = c2.Count(p => Math.Abs(p.Mean / p.Approximate - 1) <= 0.1),
            ["c2_max_deviation_spec"] = c2.Length == 0 ? double.NaN : c2.Max(p => Math.Abs(p.Mean / p.Approximate - 1)),
            ["c2_mean_deviation_spec"] = c2.Length == 0 ? double.NaN : c2.Average(p => Math.Abs(p.Mean / p.Approximate - 1)),
            ["true_odorants_eliminated"] = all.Sum(s => s.TrueEliminated),
            ["c5_trials"] = all.Sum(s => s.LinearisationTrials),
            ["c5_max_error"] = all.Length == 0 ? 0 : all.Max(s => s.LinearisationMaxError),
        };
        if (breadth.Count > 0)
        {
            json["c3_max_peak_ratio"] = breadth.Max(c => Math.Max(c.PeakBreadth / c.OptimalBreadth, c.OptimalBreadth / c.PeakBreadth));
            json["breadth"] = new JsonArray(breadth.Select(c => (JsonNode?)new JsonObject
            {
                ["k"] = c.Mixture, ["n"] = c.Odorants, ["m"] = c.Receptors, ["s_star"] = c.OptimalBreadth, ["s_peak"] = c.PeakBreadth,
                ["peak_success"] = c.Success.Max(), ["s_peak_clean"] = c.PeakCleanBreadth, ["s_min_false"] = c.MinFalseBreadth,
            }).ToArray());
        }
        foreach (var (key, curves, scan) in new[] { ("receptors_by_mixture", byMixture, OlfactionScan.ReceptorsByMixture), ("receptors_by_repertoire", byRepertoire, OlfactionScan.ReceptorsByRepertoire) })
        {
            if (curves.Count == 0) continue;
            json[key] = new JsonArray(curves.Select(c => (JsonNode?)ReceptorRecord(c)).ToArray());
            foreach (var c in curves.Where(c => double.IsNaN(c.MinimalReceptors) || double.IsNaN(c.MinimalCleanReceptors)))
                notes.Add($"K = {c.Mixture}, N = {c.Odorants}: a success level of {config.SuccessLevel} was not crossed inside the M grid " +
                          $"[{c.Receptors[0]}, {c.Receptors[^1]}] (decoding {Show(c.MinimalReceptors)}, clean {Show(c.MinimalCleanReceptors)}); widen it with --receptor-points or more trials.");
        }
        if (byMixture.Count >= 2)
        {
            var (slope, _, r2) = Fit(byMixture.Select(c => c.Mixture + 1.0).ToArray(), byMixture.Select(c => c.MinimalReceptors).ToArray());
            json["c4_receptors_per_mixture"] = slope;
            json["c4_r2_mixture"] = r2;
            json["c4_clean_receptors_per_mixture"] = Fit(byMixture.Select(c => c.Mixture + 1.0).ToArray(), byMixture.Select(c => c.MinimalCleanReceptors).ToArray()).Slope;
        }
        if (byRepertoire.Count >= 2)
        {
            var logN = byRepertoire.Select(c => Math.Log(c.Odorants - c.Mixture)).ToArray();
            var (slope, _, r2) = Fit(logN, byRepertoire.Select(c => c.MinimalReceptors).ToArray());
            json["c4_receptors_per_log_odorants"] = slope;
            json["c4_r2_log_odorants"] = r2;
            json["c4_r2_linear_odorants"] = Fit(byRepertoire.Select(c => (double)c.Odorants).ToArray(), byRepertoire.Select(c => c.MinimalReceptors).ToArray()).R2;
            json["c4_clean_receptors_per_log_odorants"] = Fit(logN, byRepertoire.Select(c => c.MinimalCleanReceptors).ToArray()).Slope;
        }
        if (byMixture.Count > 0)
            json["diversity_sparsity"] = new JsonArray(byMixture.Select(c => (JsonNode?)new JsonObject
            {
                ["k"] = c.Mixture, ["s"] = c.Breadth, ["m_clean"] = c.MinimalCleanReceptors, ["m_times_s_clean"] = c.MinimalCleanReceptors * c.Breadth,
                ["m_times_s_formula"] = Math.E * Math.Log((c.Odorants - c.Mixture) / Epsilon), ["m_decoding"] = c.MinimalReceptors,
                ["m_times_s_decoding"] = c.MinimalReceptors * c.Breadth,
            }).ToArray());
        json["grid"] = new JsonArray(points.Zip(all).Select(p => (JsonNode?)GridRecord(p.First, p.Second)).ToArray());
        json["notes"] = new JsonArray(notes.Select(n => (JsonNode?)n).ToArray());
        return json;
    }

    static double StandardError(PointStatistics s) =>
        Math.Sqrt(Math.Max(0, s.FalseCandidatesSquared / s.Trials - Math.Pow(s.FalseCandidates / s.Trials, 2)) / s.Trials);

    static string Show(double v) => double.IsNaN(v) ? "not crossed" : v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    JsonObject ReceptorRecord(ReceptorCurve c)
    {
        var record = new JsonObject
        {
            ["k"] = c.Mixture, ["n"] = c.Odorants, ["s"] = c.Breadth, ["m_min"] = c.MinimalReceptors, ["m_min_clean"] = c.MinimalCleanReceptors,
            ["m_clean_formula"] = EliminationTheory.ReceptorsForExpectedFalse(c.Odorants, c.Mixture, c.Breadth, Epsilon),
            ["m_solvable_formula"] = EliminationTheory.ReceptorsForSolvability(c.Odorants, c.Mixture, c.Breadth),
        };
        if (Math.Abs(c.Breadth - EliminationTheory.OptimalBreadth(c.Mixture)) < 1e-15)
            record["m_spec_formula"] = EliminationTheory.ReceptorsForFalseCandidates(c.Odorants, c.Mixture, Epsilon);
        return record;
    }

    static JsonObject GridRecord(OlfactionPoint p, PointStatistics s) => new()
    {
        ["scan"] = p.Scan switch { OlfactionScan.Breadth => "breadth", OlfactionScan.ReceptorsByMixture => "m-by-k", _ => "m-by-n" },
        ["n"] = p.Odorants, ["k"] = p.Mixture, ["m"] = p.Receptors, ["s"] = p.Breadth,
        ["success"] = (double)s.Successes / s.Trials, ["clean"] = (double)s.Clean / s.Trials,
        ["false_candidates"] = s.FalseCandidates / s.Trials,
        ["false_candidates_se"] = StandardError(s),
        ["false_formula"] = EliminationTheory.ExpectedFalseCandidates(p.Odorants, p.Receptors, p.Breadth, p.Mixture),
        ["false_spec_formula"] = EliminationTheory.ApproximateFalseCandidates(p.Odorants, p.Receptors, p.Breadth, p.Mixture),
        ["candidates"] = s.Candidates / s.Trials, ["active"] = s.ActiveReceptors / s.Trials,
        ["precision"] = s.Precision / s.Trials, ["recall"] = s.Recall / s.Trials, ["concentration_error"] = s.ConcentrationError / s.Trials,
    };

    /// <summary>Least-squares line y = a + b x: slope, intercept and R² (NaN when y has a NaN or no spread in x).</summary>
    public static (double Slope, double Intercept, double R2) Fit(double[] x, double[] y)
    {
        if (y.Any(double.IsNaN) || x.Length < 2) return (double.NaN, double.NaN, double.NaN);
        double mx = x.Average(), my = y.Average();
        double sxx = x.Sum(v => (v - mx) * (v - mx)), sxy = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)), syy = y.Sum(v => (v - my) * (v - my));
        if (sxx == 0) return (double.NaN, double.NaN, double.NaN);
        double slope = sxy / sxx;
        return (slope, my - slope * mx, syy == 0 ? 1 : sxy * sxy / (sxx * syy));
    }

    /// <inheritdoc/>
    public IEnumerable<NamedFigure> Figures() => OlfactionFigures.All(this, config);

    /// <inheritdoc/>
    public Glossary Glossary() => JobOutput.Common()
        .Add("points", "Grid points of the studies (one chunk each).")
        .Add("trials_per_point", "Monte-Carlo trials per grid point; each draws a new receptor repertoire and a new odour.")
        .Add("trials", "Trials in all.")
        .Add("success_rate", "Share of all trials decoded successfully (exact identities, relative concentration error within --tolerance).")
        .Add("c1_solvable_trials", "Check C1: trials where |Cand| ≤ #active and the linear system has full column rank.")
        .Add("c1_solvable_failures", "Check C1: solvable trials with wrong identities or a concentration error ≥ 1e-6 (0 passes when noise-free with θ = 0).")
        .Add("c1_max_concentration_error", "Check C1: the largest relative concentration error of a solvable trial.")
        .Add("c2_points", "Check C2: grid points whose exact expected false candidates are at least 1 (the relative deviations below are over these).")
        .Add("c2_max_deviation_exact", "Check C2: the largest |mean false candidates / (N − K)(1 − s(1 − s)^K)^M − 1|, the exact expectation.")
        .Add("c2_mean_deviation_exact", "Check C2: the mean of those deviations.")
        .Add("c2_points_within_10_percent", "Check C2: points whose mean false candidates lie within 10% of the exact expectation.")
        .Add("c2_points_within_3_se", "Check C2: points whose mean lies within 3 standard errors of the exact expectation (the Monte-Carlo noise; the count is heavy-tailed at large s).")
        .Add("c2_spec_points_within_10_percent", "Check C2: points within 10% of the spec's exponential formula.")
        .Add("c2_max_deviation_spec", "Check C2: the largest deviation from the spec's formula (N − K) exp(−s M (1 − s)^K), its small-s q approximation.")
        .Add("c2_mean_deviation_spec", "Check C2: the mean deviation from the spec's formula.")
        .Add("true_odorants_eliminated", "Odorants of an odour ruled out by elimination, over all trials (0 at θ = 0 without noise).")
        .Add("c5_trials", "Check C5: trials whose competitive-binding linearisation over the odour's own odorants was determined.")
        .Add("c5_max_error", "Check C5: the largest relative error of c solved from the linearised system of the noise-free outputs.")
        .Add("c3_max_peak_ratio", "Check C3: the largest factor between the breadth of peak success and s* = 1/(K+1), over K.")
        .Add("breadth", "Per K, the breadth scan: its M, s*, the breadth of peak success (ties: the geometric mean of the tied breadths), of peak clean elimination and of fewest false candidates.")
        .Add("receptors_by_mixture", "Per K at N = --odorants: the minimal M for the success level (decoding, and clean elimination), with the formulas.")
        .Add("receptors_by_repertoire", "Per N at K = --scaling-mixture-size: the same.")
        .Add("c4_receptors_per_mixture", "Check C4: slope of the minimal decoding M against K + 1 (least squares).")
        .Add("c4_r2_mixture", "Check C4: R² of that line (near 1: linear in K).")
        .Add("c4_clean_receptors_per_mixture", "Slope of the minimal clean-elimination M against K + 1; the formula's is e ln((N − K)/ε)/s·s* = e ln((N − K)/ε) at s*.")
        .Add("c4_receptors_per_log_odorants", "Check C4: slope of the minimal decoding M against ln(N − K).")
        .Add("c4_r2_log_odorants", "Check C4: R² of that line (near 1: logarithmic in N).")
        .Add("c4_r2_linear_odorants", "R² of the minimal decoding M against N itself (lower than against ln N for logarithmic growth).")
        .Add("c4_clean_receptors_per_log_odorants", "Slope of the minimal clean-elimination M against ln(N − K); the formula's is 1/−ln(1 − s q).")
        .Add("diversity_sparsity", "The diversity–sparsity relation per K: the minimal M at s* and M·s against the formula e ln((N − K)/ε), ε = ln(1/level).")
        .Add("grid", "One record per grid point: its scan and parameters, rates, false candidates with their standard error and closed forms, candidates, active receptors and the identity and concentration metrics.")
        .Add("scan", "breadth (success against s), m-by-k (M scan at N = --odorants) or m-by-n (M scan at K = --scaling-mixture-size).")
        .Add("k", "K, odorants in the mixture.")
        .Add("n", "N, the odorant repertoire.")
        .Add("m", "M, receptor types.")
        .Add("s", "s, the probability that a receptor binds an odorant (response breadth).")
        .Add("s_star", "s* = 1/(K+1), the breadth of maximal elimination power s(1 − s)^K.")
        .Add("s_peak", "The breadth of peak decoding success on the grid.")
        .Add("peak_success", "The peak decoding success rate.")
        .Add("s_peak_clean", "The breadth of peak clean elimination on the grid.")
        .Add("s_min_false", "The breadth with the fewest mean false candidates on the grid.")
        .Add("m_min", "The minimal M whose success reaches the level (linear interpolation between grid points; NaN when not crossed).")
        .Add("m_min_clean", "The minimal M at which elimination leaves exactly the odour in the level's share of trials.")
        .Add("m_clean_formula", "ln((N − K)/ε)/−ln(1 − s(1 − s)^K) with ε = ln(1/level): the exact-expectation prediction of m_min_clean.")
        .Add("m_spec_formula", "The spec's e (K + 1) ln((N − K)/ε) at s*, with the same ε.")
        .Add("m_solvable_formula", "The mean-field solvability bound: the smallest M with K + expected false candidates ≤ M(1 − (1 − s)^K) expected active receptors.")
        .Add("m_clean", "The minimal M of clean elimination at s.")
        .Add("m_times_s_clean", "M·s of clean elimination: constant in K by the diversity–sparsity relation.")
        .Add("m_times_s_formula", "e ln((N − K)/ε), the relation's constant.")
        .Add("m_decoding", "The minimal M of decoding success at s.")
        .Add("m_times_s_decoding", "M·s of decoding success.")
        .Add("success", "Share of the point's trials decoded successfully.")
        .Add("clean", "Share of trials whose elimination left exactly the odour.")
        .Add("false_candidates", "Mean number of absent odorants left after elimination, |Cand| − K at θ = 0.")
        .Add("false_candidates_se", "Standard error of that mean.")
        .Add("false_formula", "(N − K)(1 − s(1 − s)^K)^M, the exact expectation.")
        .Add("false_spec_formula", "(N − K) exp(−s M (1 − s)^K), the spec's approximation.")
        .Add("candidates", "Mean |Cand|.")
        .Add("active", "Mean number of active receptors.")
        .Add("precision", "Mean identity precision (1 for an empty report).")
        .Add("recall", "Mean identity recall.")
        .Add("concentration_error", "Mean relative concentration error ‖ĉ − c‖/‖c‖ (ĉ = 0 off the reported odorants).");

    /// <inheritdoc/>
    public void Dispose() { }
}

/// <summary>One K's breadth scan.</summary>
public sealed record BreadthCurve(int Mixture, int Odorants, int Receptors, double[] Breadths, double[] Success, double[] Clean, double[] FalseCandidates)
{
    /// <summary>s* = 1/(K+1).</summary>
    public double OptimalBreadth => EliminationTheory.OptimalBreadth(Mixture);

    /// <summary>The breadth of peak success; a tie is resolved by the geometric mean of the tied breadths.</summary>
    public double PeakBreadth => Peak(Success);

    /// <summary>The breadth of peak clean elimination.</summary>
    public double PeakCleanBreadth => Peak(Clean);

    /// <summary>The breadth with the fewest false candidates.</summary>
    public double MinFalseBreadth => Peak(FalseCandidates.Select(f => -f).ToArray());

    double Peak(double[] values)
    {
        double top = values.Max();
        var tied = Breadths.Where((_, j) => values[j] == top).ToArray();
        return Math.Exp(tied.Average(Math.Log));
    }
}

/// <summary>One (K, N)'s M scan at breadth s, and the minimal M that reaches <paramref name="Level"/>.</summary>
public sealed record ReceptorCurve(int Mixture, int Odorants, double Breadth, int[] Receptors, double[] Success, double[] Clean, double Level)
{
    /// <summary>The minimal M of decoding success.</summary>
    public double MinimalReceptors => Crossing(Success);

    /// <summary>The minimal M of clean elimination.</summary>
    public double MinimalCleanReceptors => Crossing(Clean);

    /// <summary>Where the rate first reaches the level, linearly interpolated; NaN when it starts above it or never reaches it.</summary>
    double Crossing(double[] rate)
    {
        int j = Array.FindIndex(rate, r => r >= Level);
        if (j <= 0) return double.NaN;
        return Receptors[j - 1] + (Receptors[j] - Receptors[j - 1]) * (Level - rate[j - 1]) / (rate[j] - rate[j - 1]);
    }
}
