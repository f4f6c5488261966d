using System.Runtime.Intrinsics;

namespace Parsimony.Information;

/// <summary>
/// The per-bin sums of one pair of cells in the ε → 0 convention, in a single fused SIMD pass over the padded rows:
/// Vector512 with <see cref="VectorLog2"/> where the hardware has AVX-512, else Vector256 with the runtime's log2, else
/// scalar. With g = √λ_a·√λ_b it accumulates the shared Σ g·(p log2 λ_a + p log2 λ_b) and, for each cell, the part of
/// p·u (u = λ − r·g) whose sign s is that of the private mean ū (known beforehand from Σ p g): Σ p·max(s·u, 0) and
/// the same times log2 |u|. Two logarithms per bin, everything else rides along in registers.
/// </summary>
internal static class PairKernel
{
    /// <summary>The shared sum and, per cell, Σ p·max(s·u, 0) (<c>Part</c>) and Σ p·max(s·u, 0)·log2 |u| (<c>PartLog</c>).</summary>
    internal readonly record struct Sums(double SharedLog, double PartA, double PartLogA, double PartB, double PartLogB);

    const double Tiny = 1e-300;   // log2 of an exact zero is never used (its weight is 0) but must stay finite

    /// <summary>Σ p·√λ_a·√λ_b: the mean geometric rate ḡ of the pair.</summary>
    public static double GeometricMean(CellStats cells, int a, int b)
    {
        ref double p = ref CellStats.Start(cells.P);
        ref double sa = ref CellStats.Start(cells.Sqrt(a));
        ref double sb = ref CellStats.Start(cells.Sqrt(b));
        if (Vector512.IsHardwareAccelerated)
        {
            var sum = Vector512<double>.Zero;
            for (nuint x = 0; x < (nuint)cells.Stride; x += 8)
                sum = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, x) * Vector512.LoadUnsafe(ref sa, x), Vector512.LoadUnsafe(ref sb, x), sum);
            return Vector512.Sum(sum);
        }
        double total = 0;
        for (int x = 0; x < cells.Bins; x++) total += cells.P[x] * cells.Sqrt(a)[x] * cells.Sqrt(b)[x];
        return total;
    }

    /// <summary>The sums of cells <paramref name="a"/> and <paramref name="b"/>; <paramref name="flipA"/>/<paramref name="flipB"/>: ū &lt; 0 (s = −1).</summary>
    public static Sums Accumulate(CellStats cells, int a, int b, double r, bool flipA, bool flipB)
    {
        if (VectorLog2.IsSupported && Vector512.IsHardwareAccelerated)
            return (flipA, flipB) switch
            {
                (false, false) => Wide512<Same, Same>(cells, a, b, r),
                (true, false) => Wide512<Flipped, Same>(cells, a, b, r),
                (false, true) => Wide512<Same, Flipped>(cells, a, b, r),
                _ => Wide512<Flipped, Flipped>(cells, a, b, r),
            };
        if (Vector256.IsHardwareAccelerated)
            return (flipA, flipB) switch
            {
                (false, false) => Wide256<Same, Same>(cells, a, b, r),
                (true, false) => Wide256<Flipped, Same>(cells, a, b, r),
                (false, true) => Wide256<Same, Flipped>(cells, a, b, r),
                _ => Wide256<Flipped, Flipped>(cells, a, b, r),
            };
        return Scalar(cells, a, b, r, flipA ? -1 : 1, flipB ? -1 : 1);
    }

    static Sums Scalar(CellStats cells, int a, int b, double r, double signA, double signB)
    {
        Span<double> p = cells.P, sa = cells.Sqrt(a), sb = cells.Sqrt(b), ra = cells.Rates(a), rb = cells.Rates(b);
        Span<double> wa = cells.WeightedLog(a), wb = cells.WeightedLog(b);
        double shared = 0, partA = 0, partLogA = 0, partB = 0, partLogB = 0;
        for (int x = 0; x < cells.Bins; x++)
        {
            double g = sa[x] * sb[x], ua = signA * (ra[x] - r * g), ub = signB * (rb[x] - r * g);
            double weightA = Math.Max(p[x] * ua, 0), weightB = Math.Max(p[x] * ub, 0);
            shared += g * (wa[x] + wb[x]);
            partA += weightA;
            partB += weightB;
            partLogA += weightA * Math.Log2(Math.Max(ua, Tiny));
            partLogB += weightB * Math.Log2(Math.Max(ub, Tiny));
        }
        return new Sums(shared, partA, partLogA, partB, partLogB);
    }

    static Sums Wide512<TA, TB>(CellStats cells, int a, int b, double r) where TA : struct, ISide where TB : struct, ISide
    {
        ref double p = ref CellStats.Start(cells.P);
        ref double sa = ref CellStats.Start(cells.Sqrt(a));
        ref double sb = ref CellStats.Start(cells.Sqrt(b));
        ref double ra = ref CellStats.Start(cells.Rates(a));
        ref double rb = ref CellStats.Start(cells.Rates(b));
        ref double wa = ref CellStats.Start(cells.WeightedLog(a));
        ref double wb = ref CellStats.Start(cells.WeightedLog(b));
        var zero = Vector512<double>.Zero;
        var tiny = Vector512.Create(Tiny);
        var minusR = Vector512.Create(-r);
        Vector512<double> shared = zero, partA = zero, partLogA = zero, partB = zero, partLogB = zero;
        for (nuint x = 0; x < (nuint)cells.Stride; x += (nuint)Vector512<double>.Count)
        {
            var pv = Vector512.LoadUnsafe(ref p, x);
            var g = Vector512.LoadUnsafe(ref sa, x) * Vector512.LoadUnsafe(ref sb, x);
            shared = Vector512.FusedMultiplyAdd(g, Vector512.LoadUnsafe(ref wa, x) + Vector512.LoadUnsafe(ref wb, x), shared);
            var ua = TA.Private(minusR, g, Vector512.LoadUnsafe(ref ra, x));
            var ub = TB.Private(minusR, g, Vector512.LoadUnsafe(ref rb, x));
            var weightA = Vector512.MaxNative(pv * ua, zero);
            var weightB = Vector512.MaxNative(pv * ub, zero);
            partA += weightA;
            partB += weightB;
            partLogA = Vector512.FusedMultiplyAdd(weightA, VectorLog2.Log2(Vector512.MaxNative(ua, tiny)), partLogA);
            partLogB = Vector512.FusedMultiplyAdd(weightB, VectorLog2.Log2(Vector512.MaxNative(ub, tiny)), partLogB);
        }
        return new Sums(Vector512.Sum(shared), Vector512.Sum(partA), Vector512.Sum(partLogA), Vector512.Sum(partB), Vector512.Sum(partLogB));
    }

    static Sums Wide256<TA, TB>(CellStats cells, int a, int b, double r) where TA : struct, ISide where TB : struct, ISide
    {
        ref double p = ref CellStats.Start(cells.P);
        ref double sa = ref CellStats.Start(cells.Sqrt(a));
        ref double sb = ref CellStats.Start(cells.Sqrt(b));
        ref double ra = ref CellStats.Start(cells.Rates(a));
        ref double rb = ref CellStats.Start(cells.Rates(b));
        ref double wa = ref CellStats.Start(cells.WeightedLog(a));
        ref double wb = ref CellStats.Start(cells.WeightedLog(b));
        var zero = Vector256<double>.Zero;
        var tiny = Vector256.Create(Tiny);
        var minusR = Vector256.Create(-r);
        Vector256<double> shared = zero, partA = zero, partLogA = zero, partB = zero, partLogB = zero;
        for (nuint x = 0; x < (nuint)cells.Stride; x += (nuint)Vector256<double>.Count)
        {
            var pv = Vector256.LoadUnsafe(ref p, x);
            var g = Vector256.LoadUnsafe(ref sa, x) * Vector256.LoadUnsafe(ref sb, x);
            shared = Vector256.FusedMultiplyAdd(g, Vector256.LoadUnsafe(ref wa, x) + Vector256.LoadUnsafe(ref wb, x), shared);
            var ua = TA.Private(minusR, g, Vector256.LoadUnsafe(ref ra, x));
            var ub = TB.Private(minusR, g, Vector256.LoadUnsafe(ref rb, x));
            var weightA = Vector256.MaxNative(pv * ua, zero);
            var weightB = Vector256.MaxNative(pv * ub, zero);
            partA += weightA;
            partB += weightB;
            partLogA = Vector256.FusedMultiplyAdd(weightA, Vector256.Log2(Vector256.MaxNative(ua, tiny)), partLogA);
            partLogB = Vector256.FusedMultiplyAdd(weightB, Vector256.Log2(Vector256.MaxNative(ub, tiny)), partLogB);
        }
        return new Sums(Vector256.Sum(shared), Vector256.Sum(partA), Vector256.Sum(partLogA), Vector256.Sum(partB), Vector256.Sum(partLogB));
    }

    /// <summary>s·u = s·(λ − r·g) for one sign s of the private mean, chosen at compile time.</summary>
    interface ISide
    {
        static abstract Vector512<double> Private(Vector512<double> minusR, Vector512<double> g, Vector512<double> rate);
        static abstract Vector256<double> Private(Vector256<double> minusR, Vector256<double> g, Vector256<double> rate);
    }

    /// <summary>s = +1.</summary>
    readonly struct Same : ISide
    {
        public static Vector512<double> Private(Vector512<double> minusR, Vector512<double> g, Vector512<double> rate) => Vector512.FusedMultiplyAdd(minusR, g, rate);
        public static Vector256<double> Private(Vector256<double> minusR, Vector256<double> g, Vector256<double> rate) => Vector256.FusedMultiplyAdd(minusR, g, rate);
    }

    /// <summary>s = −1.</summary>
    readonly struct Flipped : ISide
    {
        public static Vector512<double> Private(Vector512<double> minusR, Vector512<double> g, Vector512<double> rate) => -Vector512.FusedMultiplyAdd(minusR, g, rate);
        public static Vector256<double> Private(Vector256<double> minusR, Vector256<double> g, Vector256<double> rate) => -Vector256.FusedMultiplyAdd(minusR, g, rate);
    }
}
