using Parsimony.Tasks.Maze;
using static TorchSharp.torch;

namespace Parsimony.Tests.Tasks.Maze;

/// <summary>The maze task against its geometry (spec neuro_models.md §A.3).</summary>
public class MazeTaskTests
{
    [Fact]
    public void EveryProblemsAnswerIsTheOfferedMoveTowardItsGoal()
    {
        int[] goals = [7, 9, 17, 19];
        (int Row, int Col)[] moves = [(0, -1), (-1, 0), (0, 1), (1, 0)];          // l, u, r, d
        Assert.Equal(8, MazeTask.Problems.Count);
        foreach (var p in MazeTask.Problems)
        {
            int row = (goals[p.Goal] - 1) / 5, col = (goals[p.Goal] - 1) % 5;      // the agent starts at cell 13 = (2, 2)
            bool Toward(int m) => Math.Abs(row - (2 + moves[m].Row)) + Math.Abs(col - (2 + moves[m].Col)) < Math.Abs(row - 2) + Math.Abs(col - 2);
            Assert.Contains(p.Correct, new[] { p.First, p.Second });
            Assert.True(Toward(p.Correct));
            Assert.False(Toward(p.First == p.Correct ? p.Second : p.First));
        }
        Assert.Equal(8, MazeTask.Problems.Distinct().Count());
    }

    [Fact]
    public void InputsShowTheGoalThenNothingThenTheOptions()
    {
        using var x = MazeTask.Inputs([0, 5]);
        Assert.Equal([2L, 50, 8], x.shape);
        var v = x.data<float>().ToArray();
        float At(int b, int t, int k) => v[(b * 50 + t) * 8 + k];
        for (int t = 0; t < 50; t++)
        {
            float[] row = Enumerable.Range(0, 8).Select(k => At(0, t, k)).ToArray();
            float[] expected = t < 20 ? [0, 1, 0, 0, 0, 0, 0, 0] : t < 30 ? new float[8] : [0, 0, 0, 0, 1, 1, 0, 0];   // goal 9; options l, u
            Assert.Equal(expected, row);
        }
        Assert.Equal([1L, 1], MazeTask.Labels([0, 5]));                            // both answer "up"
    }

    [Fact]
    public void ProblemsAreDrawnUniformlyAndTheShuffleControlKeepsTheLabelCounts()
    {
        using var g = new Generator(3, CPU);
        var ids = MazeTask.Draw(8000, g);
        foreach (var group in ids.GroupBy(i => i)) Assert.InRange(group.Count(), 850, 1150);
        var labels = MazeTask.Labels(ids);
        var shuffled = MazeTask.Shuffled(labels);
        Assert.Equal(labels.Order(), shuffled.Order());
        Assert.InRange(labels.Zip(shuffled).Count(p => p.First == p.Second) / 8000.0, 0.2, 0.3);   // chance agreement of 4 classes
        Assert.Equal(shuffled, MazeTask.Shuffled(labels));                                         // a fixed permutation
    }
}
