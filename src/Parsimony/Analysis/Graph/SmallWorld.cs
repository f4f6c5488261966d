using System.Collections.Concurrent;

namespace Parsimony.Analysis.Graph;

/// <summary>Small-worldness σ of a binary undirected graph against density-matched random graphs.</summary>
/// <param name="Sigma">σ = (C / ⟨C_rand⟩) / (L / ⟨L_rand⟩).</param>
/// <param name="Clustering">Mean clustering coefficient C of the graph.</param>
/// <param name="PathLength">Characteristic path length L of the graph.</param>
/// <param name="RandomClustering">⟨C_rand⟩ over the null graphs.</param>
/// <param name="RandomPathLength">⟨L_rand⟩ over the null graphs.</param>
public sealed record SmallWorldness(double Sigma, double Clustering, double PathLength, double RandomClustering, double RandomPathLength)
{
    /// <summary>
    /// σ of <paramref name="a"/> (Humphries &amp; Gurney 2008; the seRNN MATLAB pipeline, spec §A.6.5) with
    /// <paramref name="nulls"/> random graphs of the same node and edge count (<see cref="RandomGraphs.WithEdges"/>).
    /// This is the corrected formula: the 2022 demo's null (a uniform matrix thresholded at 0.7, ≈ 18% density, and
    /// efficiency in place of path length the wrong way up) and the 2025 revision (C/C_r · E/E_r, still not density
    /// matched) are not used. L excludes unreachable pairs (BCT <c>charpath</c>); σ is NaN when it is undefined (no edge,
    /// or no triangle in the nulls). The null's means depend only on (n, m, nulls, seed) and are remembered, so a
    /// population of networks with the same edge counts draws its null graphs once per edge count.
    /// </summary>
    public static SmallWorldness Of(bool[,] a, int nulls, int seed)
    {
        Rules.Positive(nulls, "NullGraphs");
        int n = a.GetLength(0), m = Thresholding.EdgeCount(a);
        double c = Graph.Clustering.Mean(a), l = Paths.CharacteristicPathLength(a);
        var (cr, lr) = m == 0 ? (double.NaN, double.NaN) : Nulls.GetOrAdd((n, m, nulls, seed), k => Null(k.N, k.M, k.Nulls, k.Seed));
        if (double.IsNaN(cr)) return new(double.NaN, c, l, double.NaN, double.NaN);
        double sigma = cr > 0 && l > 0 ? c / cr / (l / lr) : double.NaN;
        return new(sigma, c, l, cr, lr);
    }

    static readonly ConcurrentDictionary<(int N, int M, int Nulls, int Seed), (double Clustering, double PathLength)> Nulls = new();

    /// <summary>⟨C_rand⟩ and ⟨L_rand⟩ over <paramref name="nulls"/> G(n, m) graphs from <paramref name="seed"/> (NaN when none is connected enough to have a path length).</summary>
    static (double Clustering, double PathLength) Null(int n, int m, int nulls, int seed)
    {
        var rng = new Random(seed);
        double cr = 0, lr = 0; int counted = 0;
        for (int r = 0; r < nulls; r++)
        {
            var g = RandomGraphs.WithEdges(n, m, rng);
            double gl = Paths.CharacteristicPathLength(g);
            if (double.IsNaN(gl)) continue;
            cr += Graph.Clustering.Mean(g); lr += gl; counted++;
        }
        return counted == 0 ? (double.NaN, double.NaN) : (cr / counted, lr / counted);
    }
}
