using System.Numerics;

namespace Parsimony.Models.RichLazy;

/// <summary>The float64 inner loops of <see cref="ContextMlp"/>, register-blocked over four rows and one SIMD vector of columns.</summary>
static class DenseKernels
{
    /// <summary>
    /// c = a · b (+ <paramref name="rowInit"/> added to every row when given): a is m × k, b is k × n, c is m × n, all row-major.
    /// </summary>
    public static void MultiplyRows(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> rowInit, Span<double> c, int m, int k, int n)
    {
        int width = Vector<double>.Count, r = 0;
        for (; r + 4 <= m; r += 4)
        {
            int j = 0;
            for (; j + width <= n; j += width)
            {
                var init = rowInit.IsEmpty ? Vector<double>.Zero : new Vector<double>(rowInit[j..]);
                Vector<double> c0 = init, c1 = init, c2 = init, c3 = init;
                for (int i = 0; i < k; i++)
                {
                    var bv = new Vector<double>(b[(i * n + j)..]);
                    c0 = Vector.FusedMultiplyAdd(new Vector<double>(a[r * k + i]), bv, c0);
                    c1 = Vector.FusedMultiplyAdd(new Vector<double>(a[(r + 1) * k + i]), bv, c1);
                    c2 = Vector.FusedMultiplyAdd(new Vector<double>(a[(r + 2) * k + i]), bv, c2);
                    c3 = Vector.FusedMultiplyAdd(new Vector<double>(a[(r + 3) * k + i]), bv, c3);
                }
                c0.CopyTo(c[(r * n + j)..]);
                c1.CopyTo(c[((r + 1) * n + j)..]);
                c2.CopyTo(c[((r + 2) * n + j)..]);
                c3.CopyTo(c[((r + 3) * n + j)..]);
            }
            for (int q = r; q < r + 4; q++) Scalar(a, b, rowInit, c, q, j, k, n);
        }
        for (; r < m; r++) Scalar(a, b, rowInit, c, r, 0, k, n);
    }

    static void Scalar(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> rowInit, Span<double> c, int row, int from, int k, int n)
    {
        for (int j = from; j < n; j++)
        {
            double sum = rowInit.IsEmpty ? 0 : rowInit[j];
            for (int i = 0; i < k; i++) sum = Math.FusedMultiplyAdd(a[row * k + i], b[i * n + j], sum);
            c[row * n + j] = sum;
        }
    }

    /// <summary>h = ReLU(pre + v · w) into <paramref name="h"/>; returns y · h.</summary>
    public static double ActivateAndDot(ReadOnlySpan<double> pre, ReadOnlySpan<double> w, double v, ReadOnlySpan<double> y, Span<double> h)
    {
        int width = Vector<double>.Count, u = 0;
        var vv = new Vector<double>(v);
        var dot = Vector<double>.Zero;
        for (; u + width <= h.Length; u += width)
        {
            var x = Vector.Max(Vector.FusedMultiplyAdd(vv, new Vector<double>(w[u..]), new Vector<double>(pre[u..])), Vector<double>.Zero);
            x.CopyTo(h[u..]);
            dot = Vector.FusedMultiplyAdd(x, new Vector<double>(y[u..]), dot);
        }
        double sum = Vector.Sum(dot);
        for (; u < h.Length; u++)
        {
            h[u] = Math.Max(Math.FusedMultiplyAdd(v, w[u], pre[u]), 0);
            sum += h[u] * y[u];
        }
        return sum;
    }

    /// <summary>dW_yh += e · h; dh = e · W_yh ⊙ [h &gt; 0] added to both <paramref name="driveRow"/> and <paramref name="ctxRow"/>.</summary>
    public static void Backward(ReadOnlySpan<double> h, ReadOnlySpan<double> wy, double e, Span<double> dwy, Span<double> driveRow, Span<double> ctxRow)
    {
        int width = Vector<double>.Count, u = 0;
        var ev = new Vector<double>(e);
        for (; u + width <= h.Length; u += width)
        {
            var hv = new Vector<double>(h[u..]);
            Vector.FusedMultiplyAdd(ev, hv, new Vector<double>(dwy[u..])).CopyTo(dwy[u..]);
            var dh = Vector.ConditionalSelect(Vector.GreaterThan(hv, Vector<double>.Zero), ev * new Vector<double>(wy[u..]), Vector<double>.Zero);
            (new Vector<double>(driveRow[u..]) + dh).CopyTo(driveRow[u..]);
            (new Vector<double>(ctxRow[u..]) + dh).CopyTo(ctxRow[u..]);
        }
        for (; u < h.Length; u++)
        {
            dwy[u] = Math.FusedMultiplyAdd(e, h[u], dwy[u]);
            double dh = h[u] > 0 ? e * wy[u] : 0;
            driveRow[u] += dh;
            ctxRow[u] += dh;
        }
    }
}
