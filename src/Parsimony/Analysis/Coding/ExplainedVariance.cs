namespace Parsimony.Analysis.Coding;

/// <summary>
/// How much of each unit's activity a task variable explains, per time window (spec neuro_models.md §A.7): η², the R²
/// of a one-way ANOVA of the window-mean activity on the variable's levels. The authors' exact estimator and binning
/// are unknown (spec §F.1); this is the spec's recommendation.
/// </summary>
public static class ExplainedVariance
{
    /// <summary>
    /// η²[window][unit] of <paramref name="activity"/> ([trial][step][unit]) against <paramref name="groups"/> (one level
    /// per trial) in consecutive windows of <paramref name="window"/> steps (the last one shorter if the steps do not
    /// divide). A unit with no variance in a window explains nothing: 0.
    /// </summary>
    public static double[][] PerUnit(double[][][] activity, IReadOnlyList<int> groups, int window)
    {
        Rules.Positive(window, "Window");
        Rules.Require(activity.Length == groups.Count && activity.Length > 0, "Trials", $"needs one level per trial and at least one trial (got {activity.Length} trials, {groups.Count} levels).");
        int steps = activity[0].Length, units = activity[0][0].Length, windows = (steps + window - 1) / window;
        int levels = groups.Max() + 1;
        var result = new double[windows][];
        var mean = new double[activity.Length];
        for (int w = 0; w < windows; w++)
        {
            result[w] = new double[units];
            int from = w * window, to = Math.Min(steps, from + window);
            for (int u = 0; u < units; u++)
            {
                for (int r = 0; r < activity.Length; r++)
                {
                    double s = 0;
                    for (int t = from; t < to; t++) s += activity[r][t][u];
                    mean[r] = s / (to - from);
                }
                result[w][u] = EtaSquared(mean, groups, levels);
            }
        }
        return result;
    }

    /// <summary>η² = SS_between / SS_total of <paramref name="values"/> grouped by <paramref name="groups"/>; 0 when SS_total = 0.</summary>
    public static double EtaSquared(IReadOnlyList<double> values, IReadOnlyList<int> groups, int levels)
    {
        var sum = new double[levels]; var count = new int[levels];
        double grand = 0;
        for (int i = 0; i < values.Count; i++) { sum[groups[i]] += values[i]; count[groups[i]]++; grand += values[i]; }
        grand /= values.Count;
        double total = 0, between = 0;
        for (int i = 0; i < values.Count; i++) total += (values[i] - grand) * (values[i] - grand);
        for (int g = 0; g < levels; g++)
            if (count[g] > 0) between += count[g] * (sum[g] / count[g] - grand) * (sum[g] / count[g] - grand);
        return total <= 1e-300 ? 0 : between / total;
    }
}
