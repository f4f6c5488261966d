using Parsimony.Models.Sernn;
using TorchSharp;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Sernn;

/// <summary>
/// The trained network with its kernel history: a buffer [epochs + 1, N, N] holding U at initialisation and after
/// every epoch (the reference's 11 snapshots), so checkpoints, resume and <c>model.safetensors</c> carry it.
/// </summary>
sealed class SernnModel : nn.Module
{
    readonly KerasRnn rnn;
    readonly Tensor snapshots;

    public SernnModel(int hidden, int epochs) : base("SernnModel")
    {
        rnn = new KerasRnn(Tasks.Maze.MazeTask.Features, hidden, Tasks.Maze.MazeTask.Directions);
        snapshots = zeros(epochs + 1, hidden, hidden);
        register_module("rnn", rnn);
        register_buffer("snapshots", snapshots);
    }

    public KerasRnn Rnn => rnn;

    /// <summary>Stores the current kernel as snapshot <paramref name="index"/>.</summary>
    public void Snapshot(int index)
    {
        using var _ = no_grad();
        snapshots[index].copy_(rnn.Recurrent);
    }

    public Tensor SnapshotAt(int index) => snapshots[index];

    /// <summary>A [N, N] tensor as a float64 matrix.</summary>
    public static double[,] ToMatrix(Tensor t)
    {
        int n = (int)t.shape[0], m = (int)t.shape[1];
        var flat = t.to(float64).cpu().data<double>().ToArray();
        var a = new double[n, m];
        Buffer.BlockCopy(flat, 0, a, 0, flat.Length * sizeof(double));
        return a;
    }
}
