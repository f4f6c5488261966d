using static TorchSharp.torch;

namespace Parsimony.Tasks.Maze;

/// <summary>One problem of the maze task: the goal (index into [7, 9, 17, 19]), the two offered directions and the right one (indices into [l, u, r, d]).</summary>
/// <param name="Goal">Goal index.</param>
/// <param name="First">One offered direction.</param>
/// <param name="Second">The other offered direction.</param>
/// <param name="Correct">The offered direction that moves toward the goal.</param>
public sealed record MazeProblem(int Goal, int First, int Second, int Correct);

/// <summary>
/// The one-step-inference ("maze, first choice") task of seRNN (spec neuro_models.md §A.3): an agent in the centre of
/// a 5 × 5 maze (cell 13) sees its goal (one of the diagonal cells 7, 9, 17, 19) for 20 steps, waits 10 steps, then sees
/// two offered directions for 20 steps and must name the one that moves toward the goal. Inputs are 8 per step: goal
/// one-hot [0:4] in the order [7, 9, 17, 19], option multi-hot [4:8] in the order [l, u, r, d]; the label is the right
/// direction in the same order.
/// </summary>
public static class MazeTask
{
    /// <summary>Steps the goal is shown.</summary>
    public const int GoalSteps = 20;
    /// <summary>Steps of the delay (all inputs zero).</summary>
    public const int DelaySteps = 10;
    /// <summary>Steps the options are shown.</summary>
    public const int ChoiceSteps = 20;
    /// <summary>Steps of a trial.</summary>
    public const int Steps = GoalSteps + DelaySteps + ChoiceSteps;
    /// <summary>Inputs per step.</summary>
    public const int Features = 8;
    /// <summary>Directions (outputs).</summary>
    public const int Directions = 4;
    /// <summary>The seed of the label-shuffle control's permutation (the reference's).</summary>
    public const int ShuffleSeed = 38446;

    /// <summary>The 8 problem types (goal, options, correct), ids 0–7 as in the reference.</summary>
    public static IReadOnlyList<MazeProblem> Problems { get; } =
    [
        new(1, 1, 0, 1), new(1, 2, 3, 2), new(3, 0, 3, 3), new(2, 2, 3, 3),
        new(2, 1, 0, 0), new(0, 1, 2, 1), new(3, 0, 2, 2), new(0, 0, 2, 0),
    ];

    /// <summary><paramref name="count"/> problem ids drawn uniformly from <paramref name="generator"/>.</summary>
    public static int[] Draw(int count, Generator generator)
    {
        using var ids = randint(0, Problems.Count, [count], dtype: int64, generator: generator);
        return ids.data<long>().Select(i => (int)i).ToArray();
    }

    /// <summary>The inputs [n, 50, 8] (float32, noise-free) of problems <paramref name="ids"/>.</summary>
    public static Tensor Inputs(IReadOnlyList<int> ids)
    {
        var x = new float[ids.Count * Steps * Features];
        for (int b = 0; b < ids.Count; b++)
        {
            var p = Problems[ids[b]];
            for (int t = 0; t < Steps; t++)
            {
                int at = (b * Steps + t) * Features;
                if (t < GoalSteps) x[at + p.Goal] = 1;
                else if (t >= GoalSteps + DelaySteps) { x[at + 4 + p.First] = 1; x[at + 4 + p.Second] = 1; }
            }
        }
        return tensor(x, [ids.Count, Steps, Features]);
    }

    /// <summary>The right direction of each problem in <paramref name="ids"/>.</summary>
    public static long[] Labels(IReadOnlyList<int> ids) => ids.Select(i => (long)Problems[i].Correct).ToArray();

    /// <summary>The labels permuted once by the control's fixed permutation (seed <see cref="ShuffleSeed"/>): the "random" supplementary control.</summary>
    public static long[] Shuffled(long[] labels)
    {
        using var g = new Generator(ShuffleSeed, CPU);
        using var perm = randperm(labels.Length, generator: g);
        return perm.data<long>().Select(i => labels[i]).ToArray();
    }
}
