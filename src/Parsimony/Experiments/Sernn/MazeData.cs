using Parsimony.Tasks.Maze;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Sernn;

/// <summary>
/// The maze trials of a seRNN run, drawn in this order from one generator seeded by the run's seed: the training set
/// (its labels permuted for the label-shuffle control), the validation set and the held-out trials whose activity the
/// functional measures read. Every network trained with the same seed sees the same trials.
/// </summary>
sealed class MazeData : IDisposable
{
    public MazeData(SernnOptions config)
    {
        using var data = new Generator((ulong)config.Seed * 7919 + 17, CPU);
        var train = MazeTask.Draw(config.TrainTrials, data);
        var validation = MazeTask.Draw(config.ValidationTrials, data);
        RecordProblems = MazeTask.Draw(config.RecordTrials, data);
        var labels = MazeTask.Labels(train);
        TrainX = MazeTask.Inputs(train);
        TrainY = tensor(config.ShuffleLabels ? MazeTask.Shuffled(labels) : labels);
        ValidationX = MazeTask.Inputs(validation);
        ValidationY = tensor(MazeTask.Labels(validation));
        RecordX = MazeTask.Inputs(RecordProblems);
        RecordLabels = MazeTask.Labels(RecordProblems);
    }

    public Tensor TrainX { get; }
    public Tensor TrainY { get; }
    public Tensor ValidationX { get; }
    public Tensor ValidationY { get; }
    public Tensor RecordX { get; }
    public int[] RecordProblems { get; }
    public long[] RecordLabels { get; }

    public void Dispose()
    {
        foreach (var t in new[] { TrainX, TrainY, ValidationX, ValidationY, RecordX }) t.Dispose();
    }
}
