using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Parsimony.Information;

/// <summary>
/// The per-bin sums of one pair of cells in the ε → 0 convention, in a single fused SIMD pass over the padded rows:
/// Vector512 with <see cref="VectorLog2"/> where the hardware has AVX-512, else Vector256 with the runtime's log2, else
/// scalar. It accumulates ḡ = Σ (p√λ_a)·√λ_b, the shared Σ p g (log2 λ_a + log2 λ_b) = Σ (p√λ_a log2 λ_a)·√λ_b +
/// √λ_a·(p√λ_b log2 λ_b), which needs no logarithm, and, with u = λ − r·√λ_a√λ_b = √λ·t, t = √λ − r·√λ_other, for
/// each cell the part of p·u whose sign s is that of the private mean ū: Σ p·max(s·u, 0) and the same times
/// log2 |u|. Two logarithms per bin are the floor of the pair; everything else rides along in registers.
/// </summary>
internal static class PairKernel
{
    /// <summary>
    /// ḡ, the shared log sum and, per cell, Σ p·max(s·u, 0) (<c>Part</c>) and Σ p·max(s·u, 0)·log2 |u| (<c>PartLog</c>),
    /// up to the floor of t.
    /// </summary>
    internal readonly record struct Sums(double GeometricMean, double SharedLog, double PartA, double PartLogA, double PartB, double PartLogB);

    /// <summary>
    /// t is floored here, so u = √λ·t ≥ 10⁻³⁰⁰ (√λ ≥ <see cref="CellStats.RootFloor"/>) has a finite logarithm, and the
    /// bins of the other sign weigh p·√λ·10⁻¹⁵⁰ instead of 0: far below the rounding of the sums.
    /// </summary>
    const double Floor = 1e-150;

    /// <summary>ḡ = Σ p·√λ_a·√λ_b alone, for a pair whose private signs cannot be told beforehand.</summary>
    public static double GeometricMean(CellStats cells, int a, int b) => TensorPrimitives.Dot(cells.WeightedSqrt(a), cells.Sqrt(b));

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
        Span<double> sa = cells.Sqrt(a), sb = cells.Sqrt(b), pa = cells.WeightedSqrt(a), pb = cells.WeightedSqrt(b);
        Span<double> ya = cells.LogWeightedSqrt(a), yb = cells.LogWeightedSqrt(b);
        double g = 0, shared = 0, partA = 0, partLogA = 0, partB = 0, partLogB = 0;
        for (int x = 0; x < cells.Bins; x++)
        {
            g += pa[x] * sb[x];
            shared += ya[x] * sb[x] + sa[x] * yb[x];
            double ta = Math.Max(signA * (sa[x] - r * sb[x]), Floor), tb = Math.Max(signB * (sb[x] - r * sa[x]), Floor);
            double weightA = pa[x] * ta, weightB = pb[x] * tb;
            partA += weightA;
            partB += weightB;
            partLogA += weightA * Math.Log2(sa[x] * ta);
            partLogB += weightB * Math.Log2(sb[x] * tb);
        }
        return new Sums(g, shared, partA, partLogA, partB, partLogB);
    }

    static Sums Wide512<TA, TB>(CellStats cells, int a, int b, double r) where TA : struct, ISide where TB : struct, ISide
    {
        var rows = new Rows(cells, a, b);
        var minusR = Vector512.Create(-r);
        var zero = Vector512<double>.Zero;
        Vector512<double> g = zero, shared = zero, partA = zero, partLogA = zero, partB = zero, partLogB = zero;
        Vector512<double> partA2 = zero, partLogA2 = zero, partB2 = zero, partLogB2 = zero;
        // Two vectors per iteration with their own accumulators (the stride is a multiple of 16): more independent work in flight.
        for (nuint x = 0; x < (nuint)cells.Stride; x += 2 * (nuint)Vector512<double>.Count)
        {
            Step<TA, TB>(rows, x, minusR, ref g, ref shared, ref partA, ref partLogA, ref partB, ref partLogB);
            Step<TA, TB>(rows, x + (nuint)Vector512<double>.Count, minusR, ref g, ref shared, ref partA2, ref partLogA2, ref partB2, ref partLogB2);
        }
        return new Sums(Vector512.Sum(g), Vector512.Sum(shared), Vector512.Sum(partA + partA2), Vector512.Sum(partLogA + partLogA2),
                        Vector512.Sum(partB + partB2), Vector512.Sum(partLogB + partLogB2));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Step<TA, TB>(in Rows rows, nuint x, Vector512<double> minusR, ref Vector512<double> g, ref Vector512<double> shared,
                             ref Vector512<double> partA, ref Vector512<double> partLogA, ref Vector512<double> partB, ref Vector512<double> partLogB)
        where TA : struct, ISide where TB : struct, ISide
    {
        var floor = Vector512.Create(Floor);
        var rootA = Vector512.LoadUnsafe(ref rows.RootA, x);
        var rootB = Vector512.LoadUnsafe(ref rows.RootB, x);
        var weightedA = Vector512.LoadUnsafe(ref rows.WeightedA, x);
        g = Vector512.FusedMultiplyAdd(weightedA, rootB, g);
        shared = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rows.LogA, x), rootB, Vector512.FusedMultiplyAdd(rootA, Vector512.LoadUnsafe(ref rows.LogB, x), shared));
        var ta = Vector512.MaxNative(TA.Private(minusR, rootB, rootA), floor);
        var tb = Vector512.MaxNative(TB.Private(minusR, rootA, rootB), floor);
        var weightA = weightedA * ta;
        var weightB = Vector512.LoadUnsafe(ref rows.WeightedB, x) * tb;
        partA += weightA;
        partB += weightB;
        partLogA = Vector512.FusedMultiplyAdd(weightA, VectorLog2.Log2(rootA * ta), partLogA);
        partLogB = Vector512.FusedMultiplyAdd(weightB, VectorLog2.Log2(rootB * tb), partLogB);
    }

    static Sums Wide256<TA, TB>(CellStats cells, int a, int b, double r) where TA : struct, ISide where TB : struct, ISide
    {
        var rows = new Rows(cells, a, b);
        var floor = Vector256.Create(Floor);
        var minusR = Vector256.Create(-r);
        var zero = Vector256<double>.Zero;
        Vector256<double> g = zero, shared = zero, partA = zero, partLogA = zero, partB = zero, partLogB = zero;
        for (nuint x = 0; x < (nuint)cells.Stride; x += (nuint)Vector256<double>.Count)
        {
            var rootA = Vector256.LoadUnsafe(ref rows.RootA, x);
            var rootB = Vector256.LoadUnsafe(ref rows.RootB, x);
            var weightedA = Vector256.LoadUnsafe(ref rows.WeightedA, x);
            g = Vector256.FusedMultiplyAdd(weightedA, rootB, g);
            shared = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rows.LogA, x), rootB, Vector256.FusedMultiplyAdd(rootA, Vector256.LoadUnsafe(ref rows.LogB, x), shared));
            var ta = Vector256.MaxNative(TA.Private(minusR, rootB, rootA), floor);
            var tb = Vector256.MaxNative(TB.Private(minusR, rootA, rootB), floor);
            var weightA = weightedA * ta;
            var weightB = Vector256.LoadUnsafe(ref rows.WeightedB, x) * tb;
            partA += weightA;
            partB += weightB;
            partLogA = Vector256.FusedMultiplyAdd(weightA, Vector256.Log2(rootA * ta), partLogA);
            partLogB = Vector256.FusedMultiplyAdd(weightB, Vector256.Log2(rootB * tb), partLogB);
        }
        return new Sums(Vector256.Sum(g), Vector256.Sum(shared), Vector256.Sum(partA), Vector256.Sum(partLogA), Vector256.Sum(partB), Vector256.Sum(partLogB));
    }

    /// <summary>The starts of the rows √λ, p·√λ and p·√λ·log2 λ of both cells, for unchecked loads.</summary>
    readonly ref struct Rows(CellStats cells, int a, int b)
    {
        public readonly ref double RootA = ref CellStats.Start(cells.Sqrt(a));
        public readonly ref double RootB = ref CellStats.Start(cells.Sqrt(b));
        public readonly ref double WeightedA = ref CellStats.Start(cells.WeightedSqrt(a));
        public readonly ref double WeightedB = ref CellStats.Start(cells.WeightedSqrt(b));
        public readonly ref double LogA = ref CellStats.Start(cells.LogWeightedSqrt(a));
        public readonly ref double LogB = ref CellStats.Start(cells.LogWeightedSqrt(b));
    }

    /// <summary>s·t = s·(√λ − r·√λ_other) for one sign s of the private mean, chosen at compile time.</summary>
    interface ISide
    {
        static abstract Vector512<double> Private(Vector512<double> minusR, Vector512<double> other, Vector512<double> root);
        static abstract Vector256<double> Private(Vector256<double> minusR, Vector256<double> other, Vector256<double> root);
    }

    /// <summary>s = +1.</summary>
    readonly struct Same : ISide
    {
        public static Vector512<double> Private(Vector512<double> minusR, Vector512<double> other, Vector512<double> root) => Vector512.FusedMultiplyAdd(minusR, other, root);
        public static Vector256<double> Private(Vector256<double> minusR, Vector256<double> other, Vector256<double> root) => Vector256.FusedMultiplyAdd(minusR, other, root);
    }

    /// <summary>s = −1.</summary>
    readonly struct Flipped : ISide
    {
        public static Vector512<double> Private(Vector512<double> minusR, Vector512<double> other, Vector512<double> root) => -Vector512.FusedMultiplyAdd(minusR, other, root);
        public static Vector256<double> Private(Vector256<double> minusR, Vector256<double> other, Vector256<double> root) => -Vector256.FusedMultiplyAdd(minusR, other, root);
    }
}
