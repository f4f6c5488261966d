namespace Parsimony.Analysis.Graph;

/// <summary>Null graphs.</summary>
public static class RandomGraphs
{
    /// <summary>
    /// A random undirected graph on <paramref name="n"/> nodes with exactly <paramref name="edges"/> edges, every set of
    /// that many node pairs equally likely (BCT <c>makerandCIJ_und</c>; Erdős–Rényi G(n, m)).
    /// </summary>
    public static bool[,] WithEdges(int n, int edges, Random rng)
    {
        long pairs = (long)n * (n - 1) / 2;
        Rules.Require(edges >= 0 && edges <= pairs, "Edges", $"must be in [0, {pairs}] for {n} nodes (got {edges}).");
        var all = new int[pairs];
        for (int p = 0; p < all.Length; p++) all[p] = p;
        for (int p = 0; p < edges; p++)                     // partial Fisher–Yates: the first `edges` pairs
        {
            int q = p + rng.Next(all.Length - p);
            (all[p], all[q]) = (all[q], all[p]);
        }
        var a = new bool[n, n];
        var (rows, cols) = PairIndex(n);
        for (int p = 0; p < edges; p++) a[rows[all[p]], cols[all[p]]] = a[cols[all[p]], rows[all[p]]] = true;
        return a;
    }

    static (int[] Rows, int[] Cols) PairIndex(int n)
    {
        var rows = new List<int>(); var cols = new List<int>();
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) { rows.Add(i); cols.Add(j); }
        return (rows.ToArray(), cols.ToArray());
    }
}
