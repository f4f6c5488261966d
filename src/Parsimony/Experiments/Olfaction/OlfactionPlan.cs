using Parsimony.Models.Olfaction;

namespace Parsimony.Experiments.Olfaction;

/// <summary>Which scan a grid point belongs to.</summary>
public enum OlfactionScan
{
    /// <summary>Success against s at fixed N, M, K.</summary>
    Breadth,
    /// <summary>Success against M at N = --odorants, per K.</summary>
    ReceptorsByMixture,
    /// <summary>Success against M at K = --scaling-mixture-size, per N.</summary>
    ReceptorsByRepertoire,
}

/// <summary>One grid point of a study: its Monte-Carlo trials are one chunk of the job.</summary>
/// <param name="Scan">The scan it belongs to.</param>
/// <param name="Odorants">N.</param>
/// <param name="Mixture">K.</param>
/// <param name="Receptors">M.</param>
/// <param name="Breadth">s.</param>
public sealed record OlfactionPoint(OlfactionScan Scan, int Odorants, int Mixture, int Receptors, double Breadth);

/// <summary>
/// The grid points of the studies a config asks for, in chunk order: the breadth scans (per K, s geometric around
/// s* = 1/(K+1) at the breadth study's M), then the M scans per K (at N = --odorants) and per N (at
/// K = --scaling-mixture-size). Each M scan is geometric from half the mean-field solvability bound to 1.3 × the M of
/// clean elimination at the success level (§C.3's formula, exact form), so it brackets both thresholds.
/// </summary>
public static class OlfactionPlan
{
    /// <summary>The largest receptor count a scan may need (beyond it the breadth leaves too few silent receptors).</summary>
    public const int MaxReceptors = 200_000;

    /// <summary>Every grid point of <paramref name="config"/>, in chunk order.</summary>
    public static IReadOnlyList<OlfactionPoint> Points(OlfactionConfig config)
    {
        var points = new List<OlfactionPoint>();
        var ks = config.MixtureSizeList();
        if (config.Study is OlfactionStudy.All or OlfactionStudy.Breadth)
            foreach (var k in ks)
            {
                int m = BreadthReceptors(config, k);
                points.AddRange(BreadthGrid(config, k).Select(s => new OlfactionPoint(OlfactionScan.Breadth, config.Odorants, k, m, s)));
            }
        if (config.Study is OlfactionStudy.All or OlfactionStudy.Receptors)
        {
            foreach (var k in ks) points.AddRange(ReceptorScan(config, OlfactionScan.ReceptorsByMixture, config.Odorants, k));
            foreach (var n in config.OdorantCountList()) points.AddRange(ReceptorScan(config, OlfactionScan.ReceptorsByRepertoire, n, config.ScalingMixtureSize));
        }
        return points;
    }

    /// <summary>The M of the breadth study for mixture size <paramref name="k"/>.</summary>
    public static int BreadthReceptors(OlfactionConfig config, int k) =>
        config.Receptors > 0 ? config.Receptors : EliminationTheory.ReceptorsForSolvability(config.Odorants, k, EliminationTheory.OptimalBreadth(k));

    /// <summary>The breadths of the breadth scan of <paramref name="k"/>: geometric over [s*/span, s*·span], capped at 1, distinct.</summary>
    public static double[] BreadthGrid(OlfactionConfig config, int k)
    {
        double star = EliminationTheory.OptimalBreadth(k);
        int p = config.BreadthPoints;
        return Enumerable.Range(0, p)
            .Select(j => Math.Min(1, p == 1 ? star : star * Math.Pow(config.BreadthSpan, 2.0 * j / (p - 1) - 1)))
            .Distinct().ToArray();
    }

    /// <summary>The breadth of the receptors study for mixture size <paramref name="k"/>.</summary>
    public static double ReceptorBreadth(OlfactionConfig config, int k) => config.ReceptorBreadth > 0 ? config.ReceptorBreadth : EliminationTheory.OptimalBreadth(k);

    static IEnumerable<OlfactionPoint> ReceptorScan(OlfactionConfig config, OlfactionScan scan, int n, int k)
    {
        double s = ReceptorBreadth(config, k);
        double low = 0.5 * EliminationTheory.ReceptorsForSolvability(n, k, s);
        double high = 1.3 * EliminationTheory.ReceptorsForExpectedFalse(n, k, s, EliminationTheory.CleanEpsilon(config.SuccessLevel));
        Rules.Require(double.IsFinite(high) && high <= MaxReceptors, nameof(OlfactionConfig.ReceptorBreadth),
            $"= {Rules.Show(s)} leaves almost no receptor silent for K = {k}: elimination would need more than {MaxReceptors} receptors (choose a smaller breadth, or 0 for 1/(K+1)).");
        low = Math.Max(1, Math.Min(low, high / 2));
        int count = config.ReceptorPoints;
        return Enumerable.Range(0, count)
            .Select(j => (int)Math.Round(low * Math.Pow(high / low, (double)j / (count - 1))))
            .Distinct()
            .Select(m => new OlfactionPoint(scan, n, k, m, s));
    }
}
