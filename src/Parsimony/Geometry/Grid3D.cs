using static TorchSharp.torch;

namespace Parsimony.Geometry;

/// <summary>
/// A regular 3-D grid with unit spacing (the layout of spatially embedded RNNs): neuron i sits at the i-th point of the
/// smallest cube of side ⌈∛N⌉ in x-fastest order. The layout is fixed, so the generator is not used.
/// </summary>
public sealed class Grid3D : ModuliSpace
{
    /// <inheritdoc/>
    public override string Name => "grid3";
    /// <inheritdoc/>
    public override int Dim => 3;

    /// <inheritdoc/>
    public override Tensor Sample(long n, Generator generator)
    {
        long side = (long)Math.Ceiling(Math.Cbrt(n) - 1e-9);
        var i = arange(n, dtype: int64);
        return stack([i.remainder(side), i.div(side, RoundingMode.floor).remainder(side), i.div(side * side, RoundingMode.floor)], 1).to(float32);
    }

    /// <inheritdoc/>
    public override Tensor Distances(Tensor a, Tensor b) => Euclid(a, b);

    /// <inheritdoc/>
    public override (double U, double V)[] OrderingCoordinates(Tensor points) => Rows(points).Select(r => (r[2], r[1] * 1e6 + r[0])).ToArray();

    /// <summary>
    /// The seRNN layout of an <paramref name="nx"/> × <paramref name="ny"/> × <paramref name="nz"/> integer grid
    /// (numpy <c>meshgrid(x, y, z)</c> in 'xy' indexing, then ravelled): unit k sits at (ix, iy, iz) with
    /// iz = k mod nz, ix = (k div nz) mod nx, iy = k div (nz·nx). For 5 × 5 × 4: unit 1 = (0, 0, 1), unit 4 = (1, 0, 0),
    /// unit 20 = (0, 1, 0), unit 99 = (4, 4, 3).
    /// </summary>
    public static double[][] Meshgrid(int nx, int ny, int nz)
    {
        Rules.Positive(nx, "GridX"); Rules.Positive(ny, "GridY"); Rules.Positive(nz, "GridZ");
        var points = new double[nx * ny * nz][];
        for (int k = 0; k < points.Length; k++) points[k] = [(k / nz) % nx, k / (nz * nx), k % nz];
        return points;
    }

    /// <summary>The Euclidean distances between every pair of <paramref name="points"/> (zero diagonal), float64.</summary>
    public static double[,] DistanceMatrix(IReadOnlyList<double[]> points)
    {
        int n = points.Count;
        var d = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int c = 0; c < points[i].Length; c++) s += (points[i][c] - points[j][c]) * (points[i][c] - points[j][c]);
                d[i, j] = Math.Sqrt(s);
            }
        return d;
    }
}
