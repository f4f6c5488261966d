using System.Numerics.Tensors;

namespace Parsimony.Analysis;

/// <summary>
/// Separable Gaussian smoothing of binned maps, as scipy's <c>gaussian_filter</c>: weights ∝ exp(−k²/2σ²) for
/// |k| ≤ ⌊4σ + ½⌋, normalised; <c>reflect</c> edges (… c b a | a b c …) for positions, wrap-around for angles.
/// </summary>
public static class GaussianSmoothing
{
    /// <summary>The normalised kernel for <paramref name="sigma"/> bins (radius ⌊4σ + ½⌋ unless <paramref name="radius"/> is given).</summary>
    public static double[] Kernel(double sigma, int? radius = null)
    {
        int r = radius ?? (int)(4.0 * sigma + 0.5);
        return Normalised(Enumerable.Range(-r, 2 * r + 1).Select(k => Math.Exp(-0.5 * k * k / (sigma * sigma))).ToArray());
    }

    static double[] Normalised(double[] w)
    {
        double sum = w.Sum();
        return w.Select(v => v / sum).ToArray();
    }

    /// <summary>
    /// Smooths a map of <paramref name="nx"/> × <paramref name="ny"/> bins (index iy·nx + ix) along x, then y.
    /// <paramref name="circular"/> wraps around (angles); otherwise edges reflect. σ ≤ 0 returns a copy.
    /// <paramref name="radius"/> overrides the 4σ truncation (e.g. 2 for OpenCV's 5 × 5 blur).
    /// </summary>
    public static double[] Smooth(double[] map, int nx, int ny, double sigma, bool circular, int? radius = null)
    {
        if (map.Length != nx * ny) throw new ArgumentException($"The map has {map.Length} bins, not {nx}×{ny}.");
        if (sigma <= 0) return (double[])map.Clone();
        var kernel = Kernel(sigma, radius);
        int half = kernel.Length / 2;
        var along = new double[map.Length];
        for (int y = 0; y < ny; y++)
        {
            var row = map.AsSpan(y * nx, nx);
            var output = along.AsSpan(y * nx, nx);
            for (int x = 0; x < nx; x++)
            {
                if (x >= half && x + half < nx) continue;
                double s = 0;
                for (int k = -half; k <= half; k++) s += kernel[k + half] * row[Edge(x + k, nx, circular)];
                output[x] = s;
            }
            if (nx > 2 * half)   // away from the edges the same sums, term by term, vectorised over x
                for (int k = -half; k <= half; k++)
                    TensorPrimitives.MultiplyAdd(row.Slice(half + k, nx - 2 * half), kernel[k + half], output.Slice(half, nx - 2 * half), output.Slice(half, nx - 2 * half));
        }
        if (ny == 1) return along;
        var result = new double[map.Length];
        for (int y = 0; y < ny; y++)
        {
            var output = result.AsSpan(y * nx, nx);
            if (y < half || y + half >= ny)
                for (int x = 0; x < nx; x++)
                {
                    double s = 0;
                    for (int k = -half; k <= half; k++) s += kernel[k + half] * along[Edge(y + k, ny, circular) * nx + x];
                    output[x] = s;
                }
            else
                for (int k = -half; k <= half; k++) TensorPrimitives.MultiplyAdd(along.AsSpan((y + k) * nx, nx), kernel[k + half], output, output);
        }
        return result;
    }

    /// <summary>Maps an index outside [0, n) back inside: wrap, or reflect about the edges (scipy 'reflect').</summary>
    static int Edge(int i, int n, bool circular)
    {
        if (circular) return ((i % n) + n) % n;
        int period = 2 * n;
        i = ((i % period) + period) % period;
        return i < n ? i : period - 1 - i;
    }
}
