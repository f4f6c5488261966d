using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Parsimony.Information;

/// <summary>
/// A division-free AVX-512 log2 of positive doubles: x = 2^e·m with e and m ∈ [1, 2) from <c>vgetexpd</c> and
/// <c>vgetmantd</c>; the leading four bits of m pick a cell of width 1/16 with centre c from two 16-entry tables
/// (1/c and log2 c, one <c>vpermt2pd</c> each), so log2 x = e + log2 c + log2(1 + t) with t = m/c − 1 = m·(1/c) − 1 by
/// one FMA (|t| ≤ 1/33), and log2(1 + t) = t·P(t) with P the degree-7 Chebyshev interpolant of log2(1 + t)/t.
/// Absolute error ≤ 2^-51·max(1, |log2 x|) for x ≥ 2^-1022 (zero gives −∞; callers clamp first).
/// </summary>
internal static class VectorLog2
{
    const int Cells = 16, Terms = 8;
    const double HalfWidth = 1.0 / 33;   // bound of |t| (the first cell: (1/32)/(1 + 1/32))

    static readonly Vector512<double> InverseLow, InverseHigh, LogLow, LogHigh;
    static readonly double[] Coefficients = ChebyshevCoefficients();

    static VectorLog2()
    {
        var inverse = new double[Cells];
        var log = new double[Cells];
        for (int i = 0; i < Cells; i++)
        {
            inverse[i] = 1 / (1 + (i + 0.5) / Cells);
            log[i] = -Math.Log2(inverse[i]);    // log2 of the rounded 1/c itself, so the reduction m·(1/c) stays consistent
        }
        InverseLow = Vector512.Create(inverse.AsSpan(0));
        InverseHigh = Vector512.Create(inverse.AsSpan(8));
        LogLow = Vector512.Create(log.AsSpan(0));
        LogHigh = Vector512.Create(log.AsSpan(8));
    }

    /// <summary>Whether <see cref="Log2"/> runs on this machine (AVX-512F).</summary>
    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>log2 of each lane of <paramref name="x"/> (positive, finite, normal).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log2(Vector512<double> x)
    {
        var e = Avx512F.GetExponent(x);
        var m = Avx512F.GetMantissa(x, 0);                           // [1, 2), sign of the source
        var cell = Vector512.ShiftRightLogical(m.AsInt64(), 52 - 4);  // vpermt2pd reads the low four bits only
        var t = Vector512.FusedMultiplyAdd(m, Avx512F.PermuteVar8x64x2(InverseLow, cell, InverseHigh), Vector512.Create(-1.0));
        var c = Coefficients;
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(c[7]), t, Vector512.Create(c[6]));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(c[5]));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(c[4]));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(c[3]));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(c[2]));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(c[1]));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(c[0]));
        return Vector512.FusedMultiplyAdd(p, t, e + Avx512F.PermuteVar8x64x2(LogLow, cell, LogHigh));
    }

    /// <summary>
    /// Monomial coefficients of the polynomial interpolating log2(1 + t)/t at the Chebyshev nodes of [−h, h]
    /// (h = <see cref="HalfWidth"/>); the function values come from its alternating series, exact in double there.
    /// </summary>
    static double[] ChebyshevCoefficients()
    {
        var chebyshev = new double[Terms];
        for (int k = 0; k < Terms; k++)
            for (int j = 0; j < Terms; j++)
            {
                double angle = Math.PI * (j + 0.5) / Terms;
                chebyshev[k] += 2.0 / Terms * Series(HalfWidth * Math.Cos(angle)) * Math.Cos(k * angle);
            }
        chebyshev[0] /= 2;
        // Σ c_k T_k(u) in powers of u = t/h, by the recurrence T_{k+1} = 2u·T_k − T_{k−1}.
        var monomial = new double[Terms];
        double[] previous = new double[Terms], current = new double[Terms];
        previous[0] = current[1] = 1;
        for (int i = 0; i < Terms; i++) monomial[i] = chebyshev[0] * previous[i] + chebyshev[1] * current[i];
        for (int k = 2; k < Terms; k++)
        {
            var next = new double[Terms];
            for (int i = 0; i < Terms; i++) next[i] = (i > 0 ? 2 * current[i - 1] : 0) - previous[i];
            for (int i = 0; i < Terms; i++) monomial[i] += chebyshev[k] * next[i];
            (previous, current) = (current, next);
        }
        for (int i = 0; i < Terms; i++) monomial[i] /= Math.Pow(HalfWidth, i);
        return monomial;

        static double Series(double t)
        {
            double sum = 0, power = 1;
            for (int k = 1; k <= 30; k++, power *= -t) sum += power / k;
            return sum / Math.Log(2);
        }
    }
}
