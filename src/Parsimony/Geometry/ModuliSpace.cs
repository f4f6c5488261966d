using static TorchSharp.torch;

namespace Parsimony.Geometry;

/// <summary>
/// A space neurons are embedded in (spec moduli.md §1.2): it draws random embeddings (row i = neuron i) and gives the
/// pairwise geodesic distances between two sets of points as a differentiable tensor expression, so the same code
/// serves fixed and learned embeddings. Distances of a whole population are built in row blocks
/// (<see cref="DistanceMatrix"/>), so N = 4096 fits in memory even for the nine-image Klein bottle.
/// </summary>
public abstract class ModuliSpace
{
    /// <summary>The name used on the command line (<c>torus</c>, <c>klein</c>, <c>sphere</c>, …).</summary>
    public abstract string Name { get; }

    /// <summary>Coordinates per point.</summary>
    public abstract int Dim { get; }

    /// <summary>Draws <paramref name="n"/> points [n, Dim] (float32, CPU) from <paramref name="generator"/>.</summary>
    public abstract Tensor Sample(long n, Generator generator);

    /// <summary>Geodesic distances [m, n] between the rows of <paramref name="a"/> [m, Dim] and <paramref name="b"/> [n, Dim].</summary>
    public abstract Tensor Distances(Tensor a, Tensor b);

    /// <summary>
    /// Two coordinates (u, v) per point used to order neurons along the manifold in figures: neurons are sorted by u
    /// in √N bands, then by v. The default takes the first two coordinates.
    /// </summary>
    public virtual (double U, double V)[] OrderingCoordinates(Tensor points) => Rows(points).Select(r => (r[0], r.Length > 1 ? r[1] : 0)).ToArray();

    /// <summary>The full distance matrix [n, n] of <paramref name="points"/>, built <paramref name="blockRows"/> rows at a time.</summary>
    public Tensor DistanceMatrix(Tensor points, long blockRows = 512) => MapBlocks(points, d => d, blockRows);

    /// <summary>Applies <paramref name="map"/> to each row block of the distance matrix and stacks the results [n, n].</summary>
    public Tensor MapBlocks(Tensor points, Func<Tensor, Tensor> map, long blockRows = 512)
    {
        long n = points.shape[0];
        if (n <= blockRows) return map(Distances(points, points));
        var result = empty(n, n, dtype: points.dtype, device: points.device);
        for (long start = 0; start < n; start += blockRows)
        {
            using var scope = NewDisposeScope();
            long rows = Math.Min(blockRows, n - start);
            result.narrow(0, start, rows).copy_(map(Distances(points.narrow(0, start, rows), points)));
        }
        return result;
    }

    /// <summary>A permutation of the rows of <paramref name="points"/> that walks along the manifold (for ordered heat maps).</summary>
    public long[] Order(Tensor points)
    {
        var uv = OrderingCoordinates(points);
        int bands = Math.Max(1, (int)Math.Round(Math.Sqrt(uv.Length)));
        double lo = uv.Min(p => p.U), hi = uv.Max(p => p.U), width = Math.Max(hi - lo, 1e-12);
        return Enumerable.Range(0, uv.Length)
            .OrderBy(i => Math.Min(bands - 1, (int)((uv[i].U - lo) / width * bands)))
            .ThenBy(i => uv[i].V).ThenBy(i => i)
            .Select(i => (long)i).ToArray();
    }

    /// <summary>The rows of a [n, d] tensor as double arrays.</summary>
    protected static double[][] Rows(Tensor points)
    {
        using var cpu = points.detach().to(float64).cpu().contiguous();
        var flat = cpu.data<double>().ToArray();
        int d = (int)points.shape[1];
        return Enumerable.Range(0, (int)points.shape[0]).Select(i => flat.AsSpan(i * d, d).ToArray()).ToArray();
    }

    /// <summary>Euclidean distances [m, n] of row differences (gradient 0 at coincident points).</summary>
    protected static Tensor Euclid(Tensor a, Tensor b) => linalg.vector_norm(a.unsqueeze(1) - b.unsqueeze(0), 2, [-1], false);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
