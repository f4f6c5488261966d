using Parsimony.Models.Olfaction;
using Parsimony.Runs;

namespace Parsimony.Experiments.Olfaction;

/// <summary>The figures of <c>run olfaction</c>, each with its formula overlay.</summary>
public static class OlfactionFigures
{
    /// <summary>Every figure the studies that ran allow.</summary>
    public static IEnumerable<NamedFigure> All(OlfactionJob job, OlfactionConfig config)
    {
        double epsilon = EliminationTheory.CleanEpsilon(config.SuccessLevel);
        string level = $"{config.SuccessLevel:0.##}";
        var breadth = job.BreadthCurves();
        if (breadth.Count > 0)
        {
            yield return new NamedFigure("success-vs-breadth", new LinesFigure("Decoding success against the response breadth s",
                "s (probability that a receptor binds an odorant)", "share of trials",
                breadth.SelectMany((c, g) => new[]
                {
                    new Series($"K = {c.Mixture} (M = {c.Receptors}): success", c.Breadths, c.Success) { Group = g, Markers = true },
                    new Series($"K = {c.Mixture}: clean elimination", c.Breadths, c.Clean) { Group = g, Dashed = true },
                }).ToArray())
            {
                Marks = StarMarks(breadth),
                Caption = $"Share of {config.Trials} trials per point decoded exactly (identities, concentrations within {config.Tolerance}) and share whose " +
                          "elimination left exactly the odour (dashed), against s, for each mixture size K at N = " + config.Odorants + ". The vertical lines mark " +
                          "s* = 1/(K+1), where the elimination power s(1 − s)^K peaks (check C3). M is the mean-field solvability bound at s* unless --receptors is given.",
            });
            yield return new NamedFigure("false-candidates-vs-breadth", new LinesFigure("False candidates left by elimination, with the closed forms",
                "s", "mean false candidates (log10)",
                breadth.SelectMany((c, g) => new[]
                {
                    new Series($"K = {c.Mixture}: Monte Carlo", c.Breadths, c.FalseCandidates) { Group = g, Markers = true },
                    new Series($"K = {c.Mixture}: (N − K)(1 − s q)^M", c.Breadths,
                        c.Breadths.Select(s => EliminationTheory.ExpectedFalseCandidates(c.Odorants, c.Receptors, s, c.Mixture)).ToArray()) { Group = g, Dashed = true },
                    new Series($"K = {c.Mixture}: (N − K) exp(−s M q)", c.Breadths,
                        c.Breadths.Select(s => EliminationTheory.ApproximateFalseCandidates(c.Odorants, c.Receptors, s, c.Mixture)).ToArray()) { Group = g, Dashed = true },
                }).ToArray(), LogY: true)
            {
                Marks = StarMarks(breadth),
                Caption = "Mean number of absent odorants that no silent receptor binds (check C2), q = (1 − s)^K. The first dashed line of each K is the exact " +
                          "expectation (|S| ~ Binomial(M, q) silent receptors, each missing an absent odorant with probability 1 − s); the second is the spec's " +
                          "exponential approximation, which lies above it (since (1 − x)^M < e^(−xM)) unless M(sq)² is small. Zeros are not drawn on the log scale.",
            });
        }
        var byMixture = job.ReceptorCurves(OlfactionScan.ReceptorsByMixture);
        var byRepertoire = job.ReceptorCurves(OlfactionScan.ReceptorsByRepertoire);
        if (byMixture.Count + byRepertoire.Count > 0)
            yield return new NamedFigure("success-vs-receptors", new LinesFigure("Decoding success against the number of receptor types M",
                "M (receptor types)", "share of trials",
                byMixture.Concat(byRepertoire).Select((c, g) => new Series($"K = {c.Mixture}, N = {c.Odorants}", c.Receptors.Select(m => (double)m).ToArray(), c.Success)
                    { Group = g, Markers = true }).ToArray())
            {
                Caption = $"The M scans of the receptors study at s = {(config.ReceptorBreadth > 0 ? Rules.Show(config.ReceptorBreadth) : "1/(K+1)")}: " +
                          $"the minimal M is where a curve first reaches {level} (linear interpolation between grid points).",
            });
        if (byMixture.Count > 0)
        {
            var k = byMixture.Select(c => (double)c.Mixture).ToArray();
            yield return new NamedFigure("receptors-vs-mixture", new LinesFigure($"Minimal M for {level} success against the mixture size K (N = {config.Odorants})",
                "K (odorants in the mixture)", "M (receptor types)", FormulaSeries(byMixture, k, epsilon, level))
            {
                Caption = $"Monte-Carlo minimal M for decoding success and for clean elimination in a share {level} of trials, with the predictions: the exact " +
                          $"expectation ln((N − K)/ε)/−ln(1 − s q) for clean elimination (ε = ln(1/{level})), the spec's e(K + 1) ln((N − K)/ε) at s*, and the " +
                          "mean-field solvability bound (expected candidates ≤ expected active receptors), which decoding needs. Linear in K (check C4).",
            });
        }
        if (byRepertoire.Count > 0)
        {
            var logN = byRepertoire.Select(c => Math.Log10(c.Odorants)).ToArray();
            yield return new NamedFigure("receptors-vs-repertoire", new LinesFigure($"Minimal M for {level} success against the repertoire N (K = {config.ScalingMixtureSize})",
                "log10 N (odorants)", "M (receptor types)", FormulaSeries(byRepertoire, logN, epsilon, level))
            {
                Caption = "The same against log10 N: straight lines are the logarithmic growth of check C4.",
            });
        }
        if (byMixture.Count > 0)
        {
            var withM = byMixture.Where(c => !double.IsNaN(c.MinimalCleanReceptors)).ToArray();
            if (withM.Length > 0)
            {
                double lo = withM.Min(c => Math.Min(c.MinimalCleanReceptors, double.IsNaN(c.MinimalReceptors) ? double.MaxValue : c.MinimalReceptors));
                double hi = withM.Max(c => c.MinimalCleanReceptors);
                double constant = Math.E * Math.Log(config.Odorants / epsilon);
                lo = Math.Max(lo, constant / 0.6);                                    // the curve from s = 0.6 down
                var grid = Enumerable.Range(0, 61).Select(j => lo * Math.Pow(Math.Max(hi, lo) / lo, j / 60.0)).ToArray();
                var series = new List<Series>
                {
                    new("Monte Carlo: clean elimination", withM.Select(c => c.MinimalCleanReceptors).ToArray(), withM.Select(c => c.Breadth).ToArray()) { Markers = true, Group = 0 },
                    new("Monte Carlo: decoding", withM.Select(c => c.MinimalReceptors).ToArray(), withM.Select(c => c.Breadth).ToArray()) { Markers = true, Group = 1 },
                    new($"s = e ln(N/ε)/M", grid, grid.Select(m => constant / m).ToArray()) { Dashed = true, Group = 3 },
                    new("exact form at each K's s*", withM.Select(c => EliminationTheory.ReceptorsForExpectedFalse(c.Odorants, c.Mixture, c.Breadth, epsilon)).ToArray(),
                        withM.Select(c => c.Breadth).ToArray()) { Dashed = true, Group = 0 },
                };
                if (breadth.Count > 0)
                    series.Add(new Series("breadth study: peak s at its M", breadth.Select(c => (double)c.Receptors).ToArray(), breadth.Select(c => c.PeakBreadth).ToArray())
                        { Markers = true, Group = 2 });
                yield return new NamedFigure("diversity-sparsity", new LinesFigure("The diversity–sparsity relation: more receptor types, sparser responses",
                    "M (receptor types)", "s (response breadth)", series)
                {
                    Caption = $"Each K's optimal breadth s* = 1/(K+1) against the minimal M it needs at N = {config.Odorants} (clean elimination and decoding, " +
                              $"level {level}), the prediction of clean elimination at each K (exact form) and its large-K limit M·s = e ln(N/ε) (ε = ln(1/{level})): a repertoire built for larger mixtures has more " +
                              "receptor types that each bind fewer odorants. The breadth study's peaks (if run) are plotted at the M it used.",
                });
            }
        }
    }

    /// <summary>A vertical line at each K's s* = 1/(K+1), labelled 1/(K+1) by value so that close lines stay legible.</summary>
    static Mark[] StarMarks(IReadOnlyList<BreadthCurve> curves) => curves.Select(c => new Mark(c.OptimalBreadth, $"1/{c.Mixture + 1}")).ToArray();

    static Series[] FormulaSeries(IReadOnlyList<ReceptorCurve> curves, double[] x, double epsilon, string level)
    {
        var series = new List<Series>
        {
            new($"Monte Carlo: decoding {level}", x, curves.Select(c => c.MinimalReceptors).ToArray()) { Markers = true, Group = 0 },
            new($"Monte Carlo: clean elimination {level}", x, curves.Select(c => c.MinimalCleanReceptors).ToArray()) { Markers = true, Group = 1 },
            new("ln((N − K)/ε)/−ln(1 − s q)", x, curves.Select(c => EliminationTheory.ReceptorsForExpectedFalse(c.Odorants, c.Mixture, c.Breadth, epsilon)).ToArray()) { Dashed = true, Group = 1 },
            new("mean-field solvability", x, curves.Select(c => (double)EliminationTheory.ReceptorsForSolvability(c.Odorants, c.Mixture, c.Breadth)).ToArray()) { Dashed = true, Group = 0 },
        };
        if (curves.All(c => Math.Abs(c.Breadth - EliminationTheory.OptimalBreadth(c.Mixture)) < 1e-15))
            series.Add(new Series("e (K + 1) ln((N − K)/ε)", x, curves.Select(c => EliminationTheory.ReceptorsForFalseCandidates(c.Odorants, c.Mixture, epsilon)).ToArray()) { Dashed = true, Group = 2 });
        return series.ToArray();
    }
}
