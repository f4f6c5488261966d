namespace Parsimony.Analysis.Graph;

/// <summary>From a weight matrix to the binary undirected graph the network measures read (spec neuro_models.md §A.6.3).</summary>
public static class Thresholding
{
    /// <summary>
    /// Proportional thresholding: a binary directed matrix with ones at the round(p · N²) entries of largest |w|
    /// (ties broken by position, row-major; zero entries are never kept, so a matrix with fewer nonzeros keeps them all).
    /// An all-zero matrix gives an empty graph.
    /// </summary>
    public static bool[,] Proportional(double[,] w, double p)
    {
        Rules.Require(p is > 0 and <= 1, "Density", $"must be in (0, 1] (got {Rules.Show(p)}).");
        int rows = w.GetLength(0), cols = w.GetLength(1);
        int keep = (int)Math.Round(p * rows * cols);
        var order = Enumerable.Range(0, rows * cols).Where(k => w[k / cols, k % cols] != 0)
            .OrderByDescending(k => Math.Abs(w[k / cols, k % cols])).ThenBy(k => k).Take(keep);
        var a = new bool[rows, cols];
        foreach (int k in order) a[k / cols, k % cols] = true;
        return a;
    }

    /// <summary>The undirected graph of a directed one: an edge where either direction has one (the union), no self-loops.</summary>
    public static bool[,] Symmetrise(bool[,] a)
    {
        int n = a.GetLength(0);
        var s = new bool[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) s[i, j] = i != j && (a[i, j] || a[j, i]);
        return s;
    }

    /// <summary>The undirected graph of the strongest share <paramref name="p"/> of |w|: <see cref="Proportional"/> then <see cref="Symmetrise"/>.</summary>
    public static bool[,] Undirected(double[,] w, double p) => Symmetrise(Proportional(w, p));

    /// <summary>Edges of an undirected graph (pairs i &lt; j).</summary>
    public static int EdgeCount(bool[,] a)
    {
        int n = a.GetLength(0), m = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) if (a[i, j]) m++;
        return m;
    }

    /// <summary>The neighbours of every node of an undirected graph.</summary>
    public static int[][] Neighbours(bool[,] a)
    {
        int n = a.GetLength(0);
        return Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Where(j => j != i && a[i, j]).ToArray()).ToArray();
    }
}
