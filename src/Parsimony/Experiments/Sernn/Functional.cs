using Parsimony.Analysis.Coding;
using Parsimony.Tasks.Maze;

namespace Parsimony.Experiments.Sernn;

/// <summary>The functional measures of one network's recorded activity on maze trials (spec neuro_models.md §A.7).</summary>
/// <param name="GoalEv">η² of goal identity, [window][unit].</param>
/// <param name="ChoiceEv">η² of the option set, [window][unit].</param>
/// <param name="MixedSelectivity">r across units of goal and choice EV in the last (choice-period) window.</param>
/// <param name="MixedSelectivityDelay">The same r in the last delay window.</param>
/// <param name="GoalClustering">Spatial clustering of goal-preferring units.</param>
/// <param name="ChoiceClustering">Spatial clustering of choice-preferring units.</param>
/// <param name="Energy">Mean post-ReLU activity.</param>
public sealed record Functional(double[][] GoalEv, double[][] ChoiceEv, double MixedSelectivity, double MixedSelectivityDelay,
                                PermutationResult GoalClustering, PermutationResult ChoiceClustering, double Energy)
{
    /// <summary>Steps per EV window (the authors' binning is unknown; 5 steps put the goal in windows 1–4, the delay in 5–6, the options in 7–10).</summary>
    public const int Window = 5;

    /// <summary>The option sets of the 8 problems as levels (5 distinct pairs).</summary>
    public static int[] ChoiceLevels(IReadOnlyList<int> problems)
    {
        var keys = MazeTask.Problems.Select(p => Math.Min(p.First, p.Second) * 4 + Math.Max(p.First, p.Second)).Distinct().Order().ToList();
        return problems.Select(i => keys.IndexOf(Math.Min(MazeTask.Problems[i].First, MazeTask.Problems[i].Second) * 4 + Math.Max(MazeTask.Problems[i].First, MazeTask.Problems[i].Second))).ToArray();
    }

    /// <summary>States [trials, steps, units] of a tensor as float64 arrays [trial][step][unit].</summary>
    public static double[][][] Trials(TorchSharp.torch.Tensor states)
    {
        var flat = states.to(TorchSharp.torch.float64).data<double>().ToArray();
        int trials = (int)states.shape[0], steps = (int)states.shape[1], units = (int)states.shape[2];
        return Enumerable.Range(0, trials).Select(r => Enumerable.Range(0, steps)
            .Select(t => flat.AsSpan((r * steps + t) * units, units).ToArray()).ToArray()).ToArray();
    }

    /// <summary>The measures of <paramref name="states"/> [trial][step][unit] on <paramref name="problems"/>.</summary>
    public static Functional Of(double[][][] states, IReadOnlyList<int> problems, double[,] distances, int permutations, int seed)
    {
        var goal = ExplainedVariance.PerUnit(states, problems.Select(i => MazeTask.Problems[i].Goal).ToArray(), Window);
        var choice = ExplainedVariance.PerUnit(states, ChoiceLevels(problems), Window);
        int delayEnd = (MazeTask.GoalSteps + MazeTask.DelaySteps) / Window - 1;
        int w = goal.Length - 1;
        return new(goal, choice, Selectivity.MixedSelectivity(goal[w], choice[w]), Selectivity.MixedSelectivity(goal[delayEnd], choice[delayEnd]),
            Selectivity.SpatialClustering(goal[delayEnd], choice[w], distances, true, permutations, seed),
            Selectivity.SpatialClustering(goal[delayEnd], choice[w], distances, false, permutations, seed + 1),
            Selectivity.Energy(states));
    }

    /// <summary>The scalar measures as (snake_case name, value) pairs.</summary>
    public IEnumerable<(string Name, double Value)> Values() =>
    [
        ("mixed_selectivity_r", MixedSelectivity), ("mixed_selectivity_delay_r", MixedSelectivityDelay),
        ("goal_cluster_p", GoalClustering.P), ("goal_units", GoalClustering.Units),
        ("choice_cluster_p", ChoiceClustering.P), ("choice_units", ChoiceClustering.Units), ("energy", Energy),
    ];
}
