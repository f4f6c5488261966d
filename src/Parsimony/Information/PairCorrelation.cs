using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Parsimony.Information;

/// <summary>
/// Pearson r of pairs of cells, the dot product of their z-score rows, needed before a pair's per-bin pass
/// (<see cref="PairKernel"/>). For the matrix it comes in 4 × 4 tiles of pairs, each loaded row serving four pairs
/// (register blocking: 16 FMAs per 8 loads).
/// </summary>
internal static class PairCorrelation
{
    /// <summary>r of cells <paramref name="a"/> ≠ <paramref name="b"/>, clamped to [−1, 1].</summary>
    public static double Of(CellStats cells, int a, int b) => Math.Clamp(TensorPrimitives.Dot(cells.Z(a), cells.Z(b)), -1, 1);

    /// <summary>
    /// r of the pairs (<paramref name="a0"/> + i, <paramref name="b0"/> + j), i, j &lt; <see cref="CellStats.Block"/>,
    /// into <paramref name="tile"/>[i·4 + j]; rows past the last cell give zeros.
    /// </summary>
    public static void Tile(CellStats cells, int a0, int b0, Span<double> tile)
    {
        const int n = CellStats.Block;
        if (!Vector512.IsHardwareAccelerated)
        {
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) tile[i * n + j] = Of(cells, a0 + i, b0 + j);
            return;
        }
        Products(ref CellStats.Start(cells.Z(a0)), ref CellStats.Start(cells.Z(b0)), cells.Stride, tile);
        for (int i = 0; i < n * n; i++) tile[i] = Math.Clamp(tile[i], -1, 1);
    }

    /// <summary>Σ_x x_i[x]·y_j[x] for the four rows x_i from <paramref name="x"/> and y_j from <paramref name="y"/>, <paramref name="stride"/> apart, into result[i·4 + j].</summary>
    static void Products(ref double x, ref double y, int stride, Span<double> result)
    {
        nuint s = (nuint)stride;
        var zero = Vector512<double>.Zero;
        Vector512<double> c00 = zero, c01 = zero, c02 = zero, c03 = zero, c10 = zero, c11 = zero, c12 = zero, c13 = zero;
        Vector512<double> c20 = zero, c21 = zero, c22 = zero, c23 = zero, c30 = zero, c31 = zero, c32 = zero, c33 = zero;
        for (nuint k = 0; k < s; k += (nuint)Vector512<double>.Count)
        {
            var y0 = Vector512.LoadUnsafe(ref y, k);
            var y1 = Vector512.LoadUnsafe(ref y, s + k);
            var y2 = Vector512.LoadUnsafe(ref y, 2 * s + k);
            var y3 = Vector512.LoadUnsafe(ref y, 3 * s + k);
            var x0 = Vector512.LoadUnsafe(ref x, k);
            c00 = Vector512.FusedMultiplyAdd(x0, y0, c00); c01 = Vector512.FusedMultiplyAdd(x0, y1, c01);
            c02 = Vector512.FusedMultiplyAdd(x0, y2, c02); c03 = Vector512.FusedMultiplyAdd(x0, y3, c03);
            var x1 = Vector512.LoadUnsafe(ref x, s + k);
            c10 = Vector512.FusedMultiplyAdd(x1, y0, c10); c11 = Vector512.FusedMultiplyAdd(x1, y1, c11);
            c12 = Vector512.FusedMultiplyAdd(x1, y2, c12); c13 = Vector512.FusedMultiplyAdd(x1, y3, c13);
            var x2 = Vector512.LoadUnsafe(ref x, 2 * s + k);
            c20 = Vector512.FusedMultiplyAdd(x2, y0, c20); c21 = Vector512.FusedMultiplyAdd(x2, y1, c21);
            c22 = Vector512.FusedMultiplyAdd(x2, y2, c22); c23 = Vector512.FusedMultiplyAdd(x2, y3, c23);
            var x3 = Vector512.LoadUnsafe(ref x, 3 * s + k);
            c30 = Vector512.FusedMultiplyAdd(x3, y0, c30); c31 = Vector512.FusedMultiplyAdd(x3, y1, c31);
            c32 = Vector512.FusedMultiplyAdd(x3, y2, c32); c33 = Vector512.FusedMultiplyAdd(x3, y3, c33);
        }
        result[0] = Vector512.Sum(c00); result[1] = Vector512.Sum(c01); result[2] = Vector512.Sum(c02); result[3] = Vector512.Sum(c03);
        result[4] = Vector512.Sum(c10); result[5] = Vector512.Sum(c11); result[6] = Vector512.Sum(c12); result[7] = Vector512.Sum(c13);
        result[8] = Vector512.Sum(c20); result[9] = Vector512.Sum(c21); result[10] = Vector512.Sum(c22); result[11] = Vector512.Sum(c23);
        result[12] = Vector512.Sum(c30); result[13] = Vector512.Sum(c31); result[14] = Vector512.Sum(c32); result[15] = Vector512.Sum(c33);
    }
}
