namespace Parsimony.Analysis.Graph;

/// <summary>Shortest paths of binary undirected graphs: distances, characteristic path length, global and local efficiency, matching index.</summary>
public static class Paths
{
    /// <summary>The value of <see cref="Distances"/> between nodes no path joins.</summary>
    public const int Unreachable = int.MaxValue;

    /// <summary>Hop distances between every pair (breadth-first search from each node); <see cref="Unreachable"/> where no path exists.</summary>
    public static int[,] Distances(bool[,] a)
    {
        int n = a.GetLength(0);
        var nb = Thresholding.Neighbours(a);
        var d = new int[n, n];
        var queue = new int[n];
        for (int s = 0; s < n; s++)
        {
            for (int j = 0; j < n; j++) d[s, j] = Unreachable;
            d[s, s] = 0;
            int head = 0, tail = 0;
            queue[tail++] = s;
            while (head < tail)
            {
                int u = queue[head++];
                foreach (int v in nb[u])
                    if (d[s, v] == Unreachable) { d[s, v] = d[s, u] + 1; queue[tail++] = v; }
            }
        }
        return d;
    }

    /// <summary>
    /// Characteristic path length: the mean shortest-path length over ordered pairs i ≠ j that a path joins (BCT
    /// <c>charpath</c> with infinite distances excluded; networkx <c>average_shortest_path_length</c> on a connected
    /// graph). NaN when no pair is joined (an empty graph).
    /// </summary>
    public static double CharacteristicPathLength(bool[,] a)
    {
        var d = Distances(a);
        int n = a.GetLength(0);
        double sum = 0; long count = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (i != j && d[i, j] != Unreachable) { sum += d[i, j]; count++; }
        return count == 0 ? double.NaN : sum / count;
    }

    /// <summary>Global efficiency: the mean of 1 / d_ij over ordered pairs i ≠ j, unreachable pairs counting 0 (BCT <c>efficiency_bin</c>, networkx <c>global_efficiency</c>); 0 below two nodes.</summary>
    public static double GlobalEfficiency(bool[,] a)
    {
        int n = a.GetLength(0);
        if (n < 2) return 0;
        var d = Distances(a);
        double sum = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (i != j && d[i, j] != Unreachable) sum += 1.0 / d[i, j];
        return sum / ((double)n * (n - 1));
    }

    /// <summary>
    /// Each node's local efficiency: the global efficiency of the subgraph its neighbours induce (Latora &amp; Marchiori;
    /// networkx <c>local_efficiency</c> per node, BCT <c>efficiency_bin(A, 1)</c> on binary undirected graphs); 0 for
    /// fewer than two neighbours.
    /// </summary>
    public static double[] LocalEfficiencies(bool[,] a)
    {
        var nb = Thresholding.Neighbours(a);
        var e = new double[nb.Length];
        for (int i = 0; i < nb.Length; i++)
        {
            int k = nb[i].Length;
            if (k < 2) continue;
            var sub = new bool[k, k];
            for (int x = 0; x < k; x++)
                for (int y = 0; y < k; y++) sub[x, y] = a[nb[i][x], nb[i][y]];
            e[i] = GlobalEfficiency(sub);
        }
        return e;
    }

    /// <summary>The mean local efficiency over all nodes (networkx <c>local_efficiency</c>).</summary>
    public static double LocalEfficiency(bool[,] a)
    {
        var e = LocalEfficiencies(a);
        return e.Length == 0 ? double.NaN : e.Average();
    }

    /// <summary>
    /// The matching index of every pair (BCT <c>matching_ind_und</c>): twice the neighbours i and j share, divided by the
    /// sum of their neighbour counts, each excluding the other node (Dice overlap of N(i)\{j} and N(j)\{i}); 0 when both
    /// sets are empty, 0 on the diagonal.
    /// </summary>
    public static double[,] MatchingIndex(bool[,] a)
    {
        int n = a.GetLength(0);
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                int shared = 0, total = 0;
                for (int k = 0; k < n; k++)
                {
                    if (k == i || k == j) continue;
                    if (a[i, k]) total++;
                    if (a[j, k]) total++;
                    if (a[i, k] && a[j, k]) shared++;
                }
                m[i, j] = m[j, i] = total == 0 ? 0 : 2.0 * shared / total;
            }
        return m;
    }
}
