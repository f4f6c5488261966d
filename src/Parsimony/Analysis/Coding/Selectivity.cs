using Parsimony.Analysis.Graph;

namespace Parsimony.Analysis.Coding;

/// <summary>Result of a permutation test.</summary>
/// <param name="Observed">The statistic of the data.</param>
/// <param name="P">Share of null values below the observed one.</param>
/// <param name="Units">Units in the tested set.</param>
public sealed record PermutationResult(double Observed, double P, int Units);

/// <summary>Mixed selectivity, functional spatial clustering and the energy proxy of a recorded population (spec §A.7).</summary>
public static class Selectivity
{
    /// <summary>
    /// Mixed selectivity: Pearson r across units between EV(goal) and EV(choice) of one window. r &gt; 0: the units that
    /// carry the goal also carry the choice (mixed); r &lt; 0: specialised units. NaN when either is constant.
    /// </summary>
    public static double MixedSelectivity(IReadOnlyList<double> goal, IReadOnlyList<double> choice) => WeightStatistics.Pearson(goal, choice);

    /// <summary>
    /// Functional spatial clustering of one preference (spec §A.7): with d_u = |EV_goal,u| − |EV_choice,u|, the units of
    /// <paramref name="goalPreferring"/> sign (d &gt; 0, or d &lt; 0 when false) form a set whose statistic is the mean over
    /// ordered pairs i ≠ j of D_ij · |d_i| (the reference's weighting); the null draws <paramref name="permutations"/>
    /// random unit sets of the same size; P is the share of null values below the observed. A set of fewer than two units
    /// gives NaN (nothing to test).
    /// </summary>
    public static PermutationResult SpatialClustering(IReadOnlyList<double> goal, IReadOnlyList<double> choice, double[,] distances,
                                                      bool goalPreferring, int permutations, int seed)
    {
        Rules.Positive(permutations, "Permutations");
        int n = goal.Count;
        Rules.Require(distances.GetLength(0) == n, "Grid", $"has {distances.GetLength(0)} units but the recording has {n}.");
        var d = Enumerable.Range(0, n).Select(u => Math.Abs(goal[u]) - Math.Abs(choice[u])).ToArray();
        var set = Enumerable.Range(0, n).Where(u => goalPreferring ? d[u] > 0 : d[u] < 0).ToArray();
        if (set.Length < 2) return new(double.NaN, double.NaN, set.Length);
        double observed = Statistic(set, d, distances);
        var rng = new Random(seed);
        var all = Enumerable.Range(0, n).ToArray();
        int below = 0;
        for (int p = 0; p < permutations; p++)
        {
            rng.Shuffle(all);
            if (Statistic(all[..set.Length], d, distances) < observed) below++;
        }
        return new(observed, below / (double)permutations, set.Length);
    }

    static double Statistic(int[] set, double[] d, double[,] distances)
    {
        double s = 0;
        foreach (int i in set)
            foreach (int j in set)
                if (i != j) s += distances[i, j] * Math.Abs(d[i]);
        return s / (set.Length * (set.Length - 1.0));
    }

    /// <summary>The energy proxy (the paper's metric is unknown, spec §A.7): mean post-ReLU activity over trials, steps and units.</summary>
    public static double Energy(double[][][] activity) => activity.SelectMany(t => t.SelectMany(s => s)).Average();
}
