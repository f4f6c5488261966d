using Parsimony.Tasks.Blobs;

namespace Parsimony.Experiments.RichLazy;

/// <summary>
/// The three model RDMs of the blob task's 50 items (spec §D.3), Euclidean distances between model coordinates with
/// the levels centred at 0: grid — (b, l), the same in both contexts; orthogonal — north items at (l, 0), south items
/// at (0, b) (each task on its own axis, the irrelevant feature compressed); parallel — both tasks on one axis, north at
/// l and south at b.
/// </summary>
public static class BlobModels
{
    /// <summary>Grid, orthogonal and parallel, in that order.</summary>
    public static IReadOnlyList<double[,]> All { get; } = [Rdm(Grid), Rdm(Orthogonal), Rdm(Parallel)];

    /// <summary>Names of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["grid", "orthogonal", "parallel"];

    static (double, double) Grid(int i) => (BlobTask.BranchOf(i) - 2, BlobTask.LeafOf(i) - 2);
    static (double, double) Orthogonal(int i) => BlobTask.ContextOf(i) == 0 ? (BlobTask.LeafOf(i) - 2, 0) : (0, BlobTask.BranchOf(i) - 2);
    static (double, double) Parallel(int i) => (BlobTask.RelevantLevel(i) - 2, 0);

    static double[,] Rdm(Func<int, (double X, double Y)> place)
    {
        var d = new double[BlobTask.Items, BlobTask.Items];
        for (int a = 0; a < BlobTask.Items; a++)
            for (int b = 0; b < BlobTask.Items; b++)
            {
                var (p, q) = (place(a), place(b));
                d[a, b] = Math.Sqrt((p.X - q.X) * (p.X - q.X) + (p.Y - q.Y) * (p.Y - q.Y));
            }
        return d;
    }
}
