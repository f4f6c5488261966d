namespace Parsimony.Analysis.Graph;

/// <summary>Clustering of binary undirected graphs (BCT <c>clustering_coef_bu</c>, networkx <c>clustering</c>).</summary>
public static class Clustering
{
    /// <summary>
    /// Each node's clustering coefficient: the share of pairs of its neighbours that are linked, t_i / (k_i (k_i − 1) / 2);
    /// 0 for nodes with fewer than two neighbours (isolated nodes included), as both BCT and networkx define it.
    /// </summary>
    public static double[] Coefficients(bool[,] a)
    {
        var nb = Thresholding.Neighbours(a);
        var c = new double[nb.Length];
        for (int i = 0; i < nb.Length; i++)
        {
            int k = nb[i].Length;
            if (k < 2) continue;
            int links = 0;
            for (int x = 0; x < k; x++)
                for (int y = x + 1; y < k; y++) if (a[nb[i][x], nb[i][y]]) links++;
            c[i] = links / (k * (k - 1) / 2.0);
        }
        return c;
    }

    /// <summary>The mean clustering coefficient over all nodes (networkx <c>average_clustering</c>); NaN for a graph without nodes.</summary>
    public static double Mean(bool[,] a)
    {
        var c = Coefficients(a);
        return c.Length == 0 ? double.NaN : c.Average();
    }
}
