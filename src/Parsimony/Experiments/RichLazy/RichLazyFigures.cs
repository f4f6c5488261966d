using Parsimony.Runs;
using Parsimony.Tasks.Blobs;

namespace Parsimony.Experiments.RichLazy;

/// <summary>The figures and the glossary of <see cref="RichLazyJob"/>, from the networks' results alone.</summary>
public static class RichLazyFigures
{
    /// <summary>Every figure: curves per scale, weight change, units, RSA, dimensionality, geometry, ablations, L2.</summary>
    public static IEnumerable<NamedFigure> All(IReadOnlyList<NetworkResult> results, int scaleCount, double[] l2Weights, int[] steps, Func<int, string> label, bool ownMasks)
    {
        var x = steps.Select(s => (double)s).ToArray();
        List<NetworkResult> Scale(int g) => results.Where(r => r.Kind == "scale" && r.Group == g).ToList();
        List<NetworkResult> Level(int g) => results.Where(r => r.Kind == "l2" && r.Group == g).ToList();
        var groups = Enumerable.Range(0, scaleCount).Select(Scale).Where(g => g.Count > 0).ToList();
        var sigma = groups.Select(g => g[0].StimulusStd).ToArray();

        yield return new NamedFigure("learning-curves", new LinesFigure("Loss during training, mean over runs", "gradient step", "summed loss ½Σ(ŷ−y)²",
            groups.Select(g => new Series(label(g[0].Group), x, MeanCurve(g, r => r.Loss))).ToList(), LogY: true)
        { Caption = "Full-batch loss of each initial scale (mean over its runs) against the step; small σ_s (rich) learns after a plateau, large σ_s (lazy) at once." });
        yield return new NamedFigure("accuracy-curves", new LinesFigure("Training accuracy, mean over runs", "gradient step", "accuracy (40 informative items)",
            groups.Select(g => new Series(label(g[0].Group), x, MeanCurve(g, r => r.Accuracy))).ToList())
        { Caption = "Share of the 40 items with a non-zero target whose output has the target's sign." });
        yield return new NamedFigure("weight-change", new LinesFigure("Relative weight change after training", "σ_s (initial stimulus-weight std)", "|‖W_T‖ − ‖W_0‖| / ‖W_0‖",
        [
            new Series("W_hs", sigma, groups.Select(g => g.Average(r => Math.Abs(r.StimulusChange[^1]))).ToArray()) { Markers = true },
            new Series("W_hc", sigma, groups.Select(g => g.Average(r => Math.Abs(r.ContextChange[^1]))).ToArray()) { Markers = true },
            new Series("W_yh", sigma, groups.Select(g => g.Average(r => Math.Abs(r.OutputChange[^1]))).ToArray()) { Markers = true },
        ], LogY: true) { Caption = "Mean absolute relative change of each weight matrix's Frobenius norm: rich nets restructure their input weights, lazy ones barely move them." });
        yield return new NamedFigure("unit-categories", new LinesFigure("Hidden units by context selectivity", "σ_s", "units (mean over runs)",
        [
            new Series("dead", sigma, groups.Select(g => g.Average(r => (double)r.Dead)).ToArray()) { Markers = true },
            new Series("only task A", sigma, groups.Select(g => g.Average(r => (double)r.OnlyA)).ToArray()) { Markers = true },
            new Series("only task B", sigma, groups.Select(g => g.Average(r => (double)r.OnlyB)).ToArray()) { Markers = true },
            new Series("mixed", sigma, groups.Select(g => g.Average(r => (double)r.Mixed)).ToArray()) { Markers = true },
        ]) { Caption = "A unit is active in a context when its mean activity over that context's 25 items is above 0: dead (neither), task-specific (one), mixed (both)." });
        yield return new NamedFigure("rsa-betas", new LinesFigure("RSA regression of the hidden RDM", "σ_s", "β (z-scored OLS)",
            Enumerable.Range(0, BlobModels.Names.Count).Select(m => new Series(BlobModels.Names[m], sigma, groups.Select(g => g.Average(r => r.Betas[m])).ToArray()) { Markers = true }).ToList())
        { Caption = "Betas of the grid, orthogonal and parallel model RDMs fitted together to the 50 × 50 Euclidean RDM of the hidden layer (mean over runs)." });
        yield return new NamedFigure("scree", new LinesFigure("Dimensionality of the hidden layer", "component", "normalised eigenvalue s²/Σs²",
            groups.Select(g => new Series(label(g[0].Group), Enumerable.Range(1, g[0].Scree.Length).Select(k => (double)k).ToArray(),
                                          Enumerable.Range(0, g[0].Scree.Length).Select(k => g.Average(r => r.Scree[k])).ToArray())).ToList(), LogY: true)
        { Caption = "Scree of the 50 × 100 hidden matrix (first ten components, mean over runs): rich nets concentrate it on a few components." });
        yield return new NamedFigure("tangent-kernel", new LinesFigure("Movement of the empirical tangent kernel", "σ_s", "value (mean over runs)",
        [
            new Series("kernel distance Θ_0 → Θ_T", sigma, groups.Select(g => Mean(g, r => r.KernelDistance)).ToArray()) { Markers = true },
            new Series("target alignment, before", sigma, groups.Select(g => Mean(g, r => r.KernelAlignment[0])).ToArray()) { Markers = true, Group = 1, Dashed = true },
            new Series("target alignment, after", sigma, groups.Select(g => Mean(g, r => r.KernelAlignment[1])).ToArray()) { Markers = true, Group = 1 },
        ]) { Caption = "Kernel distance 1 − ⟨Θ_0, Θ_T⟩/(‖Θ_0‖‖Θ_T‖) of the 50 × 50 empirical neural tangent kernel from initialisation to the end of training, and its alignment yᵀΘy/(‖Θ‖‖y‖²) with the targets: the further a net is from its kernel regime (small σ_s, rich), the more its kernel moves and aligns with the task." });
        yield return new NamedFigure("kernel-regime-loss", new LinesFigure("Loss against the prediction of the initial tangent kernel", "gradient step", "summed loss ½Σ(ŷ−y)²",
            new[] { ("rich", groups[0]), ("lazy", groups[^1]) }.Where(regime => regime.Item2.All(r => r.KernelLoss.Length > 0)).SelectMany(regime => new[]
            {
                new Series($"{regime.Item1}, trained", x, MeanCurve(regime.Item2, r => r.Loss)) { Group = regime.Item1 == "rich" ? 0 : 1 },
                new Series($"{regime.Item1}, linearised (Θ_0)", x, MeanCurve(regime.Item2, r => r.KernelLoss)) { Group = regime.Item1 == "rich" ? 0 : 1, Dashed = true },
            }).ToList(), LogY: true)
        { Caption = "Mean loss of the rich and lazy networks against the loss it would have if it stayed linear around its initialisation (gradient flow e(t) = exp(−ηΘ_0 t) e_0 after t steps, Θ_0 the tangent kernel at initialisation)." });
        yield return new NamedFigure("convergence", new LinesFigure("Steps to 100% training accuracy", "σ_s", "steps (mean over the runs that converged)",
            [new Series("convergence", sigma, groups.Select(g => g.Where(r => r.ConvergedAt is not null).Select(r => (double)r.ConvergedAt!.Value).DefaultIfEmpty(double.NaN).Average()).ToArray()) { Markers = true }])
        { Caption = "First step at which every informative item is answered correctly (checked at every step)." });
        yield return new NamedFigure("context-weights", new LinesFigure("Correlation of the two context weights across units", "σ_s", "Pearson r",
        [
            new Series("task-specific, before", sigma, groups.Select(g => Mean(g, r => r.ContextCorrelation[0])).ToArray()) { Markers = true, Group = 0, Dashed = true },
            new Series("task-specific, after", sigma, groups.Select(g => Mean(g, r => r.ContextCorrelation[1])).ToArray()) { Markers = true, Group = 0 },
            new Series("mixed, before", sigma, groups.Select(g => Mean(g, r => r.ContextCorrelation[2])).ToArray()) { Markers = true, Group = 1, Dashed = true },
            new Series("mixed, after", sigma, groups.Select(g => Mean(g, r => r.ContextCorrelation[3])).ToArray()) { Markers = true, Group = 1 },
        ]) { Caption = "r of (w_north, w_south) across the units of each category, at initialisation and after training; anti-correlated weights gate units by context." });
        foreach (var (name, g) in new[] { ("rich", groups[0]), ("lazy", groups[^1]) })
        {
            if (g.FirstOrDefault(r => r.Geometry is not null) is { Geometry: { } geometry } net)
                yield return new NamedFigure($"geometry-{name}", Geometry($"Hidden geometry, {name} ({label(net.Group)}), run 0", geometry));
            yield return new NamedFigure($"ablation-{name}-tasks", Ablations($"Ablations by task, {name} ({label(g[0].Group)})", g, congruency: false, ownMasks));
            yield return new NamedFigure($"ablation-{name}-congruency", Ablations($"Ablations by congruency, {name} ({label(g[0].Group)})", g, congruency: true, ownMasks));
        }
        var levels = Enumerable.Range(0, l2Weights.Length).Select(Level).Where(l => l.Count > 0).ToList();
        if (levels.Count > 0)
        {
            var lambda = levels.Select(l => l[0].L2).ToArray();
            yield return new NamedFigure("l2-weight-change", new LinesFigure("L2 on the lazy initialisation: weight change", "λ", "relative change of ‖W_hs‖",
                [new Series("W_hs", lambda, levels.Select(l => l.Average(r => r.StimulusChange[^1])).ToArray()) { Markers = true }])
            { Caption = "Mean relative norm change of W_hs against the L2 weight λ: the penalty forces large restructuring (shrinkage) of the lazy network's weights." });
            yield return new NamedFigure("l2-profile", new LinesFigure("L2 on the lazy initialisation: toward the rich profile", "λ", "value (mean over runs)",
            [
                new Series("β orthogonal", lambda, levels.Select(l => l.Average(r => r.Betas[1])).ToArray()) { Markers = true },
                new Series("β grid", lambda, levels.Select(l => l.Average(r => r.Betas[0])).ToArray()) { Markers = true },
                new Series("task-specific share of active units", lambda, levels.Select(l => Mean(l, r => r.OnlyA + r.OnlyB + r.Mixed == 0 ? double.NaN : (r.OnlyA + r.OnlyB) / (double)(r.OnlyA + r.OnlyB + r.Mixed))).ToArray()) { Markers = true },
                new Series("top-3 variance share", lambda, levels.Select(l => l.Average(r => r.Scree.Take(3).Sum())).ToArray()) { Markers = true },
            ]) { Caption = "RSA betas, task-specific units and low dimensionality of the lazy initialisation trained with L2 weight λ." });
        }
    }

    static double Mean(List<NetworkResult> g, Func<NetworkResult, double> f) => g.Select(f).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();

    static double[] MeanCurve(List<NetworkResult> g, Func<NetworkResult, double[]> curve) =>
        Enumerable.Range(0, curve(g[0]).Length).Select(i => g.Average(r => curve(r)[i])).ToArray();

    /// <summary>The 50 items on their first two principal components, one line per (context, b level) through the l levels.</summary>
    static LinesFigure Geometry(string title, double[] scores)
    {
        var series = new List<Series>();
        for (int c = 0; c < BlobTask.Contexts; c++)
            for (int b = 0; b < BlobTask.Levels; b++)
            {
                var items = Enumerable.Range(0, BlobTask.Levels).Select(l => c * BlobTask.Stimuli + b * BlobTask.Levels + l).ToArray();
                series.Add(new Series($"{(c == 0 ? "north" : "south")} b={b + 1}", items.Select(i => scores[2 * i]).ToArray(), items.Select(i => scores[2 * i + 1]).ToArray())
                    { Group = c, Markers = true, Dashed = c == 1 });
            }
        return new LinesFigure(title, "PC 1", "PC 2", series)
        { Caption = "Principal-component (= classical MDS) projection of the 50 hidden vectors; each line joins the five leafiness levels of one branchiness level in one context (solid north, dashed south)." };
    }

    static BarsFigure Ablations(string title, List<NetworkResult> g, bool congruency, bool ownMasks)
    {
        var masks = g[0].Ablations.Select(a => a.Mask).ToArray();
        var measures = congruency
            ? new (string, Func<Ablation, double>)[] { ("C", a => a.Congruent), ("I", a => a.Incongruent) }
            : new (string, Func<Ablation, double>)[] { ("A", a => a.TaskA), ("B", a => a.TaskB) };
        var labels = new List<string>();
        var values = new List<double>();
        foreach (var mask in masks)
            foreach (var (what, pick) in measures)
            {
                labels.Add($"{Short(mask)} {what}");
                values.Add(g.Select(r => pick(r.Ablations.First(a => a.Mask == mask))).Average());
            }
        return new BarsFigure(title, "accuracy (mean over runs)", values.ToArray(), labels.ToArray())
        {
            XLabel = congruency ? "units removed, congruent (C) / incongruent (I) items" : "units removed, task A / task B items",
            Caption = "Accuracy after silencing each category of hidden units (none; mixed; only-A; only-B; spec = task-specific, only-A and only-B), " +
                      (ownMasks ? "with masks computed from the network being ablated." : "with the masks of the rich network (first scale) of the same run (--ablation-masks rich)."),
        };
    }

    static string Short(string mask) => mask switch { "only-a" => "only-A", "only-b" => "only-B", "task-specific" => "spec", _ => mask };

    /// <summary>Every summary metric with its meaning.</summary>
    public static Glossary Glossary() => new Glossary()
        .Add("networks", "Networks trained and measured (scale sweep and L2 variant).")
        .Add("rich_scale", "The initial scale reported as rich (the first of --scales).")
        .Add("lazy_scale", "The initial scale reported as lazy (the last of --scales).")
        .Add("l2_scale", "Initial scale of the L2 variant.")
        .Add("per_scale", "Means over the runs of each initial scale.")
        .Add("per_l2", "Means over the runs of each L2 weight λ.")
        .Add("notes", "How this re-implementation differs from the authors' code.")
        .AddPrefix("rich_", "Rich regime (first scale), mean over its runs: {rest}.")
        .AddPrefix("lazy_", "Lazy regime (last scale), mean over its runs: {rest}.")
        .AddPrefix("l2_min_", "L2 variant at the smallest λ, mean over its runs: {rest}.")
        .AddPrefix("l2_max_", "L2 variant at the largest λ, mean over its runs: {rest}.")
        .AddPrefix("t_", "Welch t of rich against lazy over runs: {rest}.")
        .AddPrefix("p_", "Two-sided p of the Welch test of rich against lazy: {rest}.")
        .AddPrefix("kruskal_h_", "Kruskal–Wallis H (tie-corrected) of this measure across all initial scales, one value per run (spec §D.4; authors: 235.3 / 234.5 for the W_hs end norm / relative change, 191.5 / 172.1 for W_yh).")
        .AddPrefix("kruskal_p_", "P of that Kruskal–Wallis test, from χ² with (scales − 1) degrees of freedom.")
        .AddPrefix("ablate_", "Accuracy after silencing a unit category (none, mixed, only_a, only_b, task_specific) on task A/B or (in)congruent items: {rest}.")
        .Add("final_accuracy", "Training accuracy after the last step (40 informative items).")
        .Add("final_loss", "Summed loss ½Σ(ŷ−y)² (+ the L2 term) after the last step.")
        .Add("converged_share", "Share of runs that reached 100% training accuracy.")
        .Add("convergence_steps", "First step with 100% training accuracy, mean over the runs that reached it.", "steps")
        .Add("stimulus_weight_change", "(‖W_hs,T‖ − ‖W_hs,0‖)/‖W_hs,0‖.")
        .Add("log_abs_stimulus_weight_change", "Mean of log |relative change of ‖W_hs‖| (the authors' S2E measure).")
        .Add("context_weight_change", "Relative norm change of W_hc.")
        .Add("output_weight_change", "Relative norm change of W_yh.")
        .Add("stimulus_weight_norm", "‖W_hs‖_F after training.")
        .Add("output_weight_norm", "‖W_yh‖_F after training.")
        .Add("dead_units", "Units silent in both contexts.", "units")
        .Add("dead_units_at_init", "Units silent in both contexts at initialisation.", "units")
        .Add("dead_units_without_last_item", "Dead units counted as the authors' code does, the south mean skipping the last item (25:-1).", "units")
        .Add("only_a_units", "Units active only in the north context (task A).", "units")
        .Add("only_b_units", "Units active only in the south context (task B).", "units")
        .Add("mixed_units", "Units active in both contexts.", "units")
        .Add("task_specific_share_of_active", "Task-specific units over active (non-dead) units.")
        .Add("orthogonality", "x_A · x_B, the dot product of the per-context mean hidden vectors.")
        .Add("top3_variance", "Share of the hidden matrix's squared singular values in its first three components.")
        .Add("top1_accuracy", "Accuracy of the rank-1 hidden matrix (uncentred SVD, as the authors') read out by the trained output layer.")
        .Add("top2_accuracy", "Accuracy of the rank-2 hidden matrix read out by the trained output layer.")
        .Add("top3_accuracy", "Accuracy of the rank-3 hidden matrix read out by the trained output layer.")
        .Add("beta_grid", "RSA beta of the grid model.")
        .Add("beta_orthogonal", "RSA beta of the orthogonal model.")
        .Add("beta_parallel", "RSA beta of the parallel model.")
        .Add("context_correlation_specific_before", "Pearson r of the two context weights across task-specific units, at initialisation.")
        .Add("context_correlation_specific_after", "The same after training.")
        .Add("context_correlation_mixed_before", "Pearson r of the two context weights across mixed units, at initialisation.")
        .Add("context_correlation_mixed_after", "The same after training.")
        .Add("kernel_distance", "Kernel distance 1 − ⟨Θ_0, Θ_T⟩_F/(‖Θ_0‖_F‖Θ_T‖_F) of the empirical neural tangent kernel (50 × 50, every parameter) after training from the one at initialisation (spec §D.5.5, optional NTK comparison): near 0 when the network stays in its kernel regime (lazy).")
        .Add("kernel_change", "‖Θ_T − Θ_0‖_F / ‖Θ_0‖_F of the empirical tangent kernel.")
        .Add("kernel_alignment_before", "Kernel–target alignment yᵀΘy/(‖Θ‖_F‖y‖²) of the empirical tangent kernel at initialisation.")
        .Add("kernel_alignment_after", "The same after training.")
        .Add("kernel_loss_gap", "Mean over the logged steps of |log10 L_linearised − log10 L|: how far the loss curve is from the one the tangent kernel at initialisation predicts (the network linearised around its initial parameters, gradient flow e(t) = exp(−ηΘ_0 t) e_0 after t steps; spec §D.5.5).")
        .Add("label", "The group (initial scale or λ).");
}
