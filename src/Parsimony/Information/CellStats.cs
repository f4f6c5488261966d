using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Parsimony.Information;

/// <summary>
/// Per-cell quantities every pair needs, computed once for a population (cells in parallel): mean rate, Skaggs
/// information, and rows of √λ (floored at 10⁻¹⁵⁰), p·√λ, p·√λ·log2 λ and z-scores. Each quantity is one pinned buffer, 64-byte aligned,
/// of rows <see cref="Stride"/> apart (K rounded up to 16, the padding zero: padded bins have p = 0, so the SIMD kernels
/// need no scalar tail) and of a multiple of <see cref="Block"/> rows (the rows past the last cell are zero), so that
/// <see cref="PairCorrelation"/> tiles need no edge cases either.
/// </summary>
internal sealed class CellStats
{
    /// <summary>The least √λ in the rows (padding included), so that √λ·t never underflows to 0 in <see cref="PairKernel"/>.</summary>
    public const double RootFloor = 1e-150;
    /// <summary>Cells per side of a <see cref="PairCorrelation"/> tile.</summary>
    public const int Block = 4;
    const int Align = 8;   // doubles per 64 bytes: one Vector512
    const int Pad = 16;    // bins per row rounded up to this: the kernel's two Vector512 per step

    readonly IReadOnlyList<double[]> rates;
    readonly double[] p, sqrt, weightedSqrt, logWeightedSqrt, z;
    readonly int pStart, sqrtStart, weightedSqrtStart, logWeightedSqrtStart, zStart;

    /// <summary>The statistics of <paramref name="cells"/> (K rates each, kept by reference) over bins with probabilities <paramref name="probabilities"/>.</summary>
    public CellStats(IReadOnlyList<double[]> cells, ReadOnlySpan<double> probabilities, InfoConvention convention = InfoConvention.Exact,
                     int maxDegreeOfParallelism = -1)
    {
        rates = cells;
        Count = cells.Count;
        Rows = (Count + Block - 1) / Block * Block;
        Bins = probabilities.Length;
        Stride = (Bins + Pad - 1) / Pad * Pad;
        (p, pStart) = Buffer(1);
        (sqrt, sqrtStart) = Buffer(Rows);
        (weightedSqrt, weightedSqrtStart) = Buffer(Rows);
        (logWeightedSqrt, logWeightedSqrtStart) = Buffer(Rows);
        (z, zStart) = Buffer(Rows);
        probabilities.CopyTo(P);
        Mean = new double[Count];
        Skaggs = new SkaggsInformation[Count];
        Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, c => Fill(c, convention));
    }

    /// <summary>Cells.</summary>
    public int Count { get; }
    /// <summary>Rows of each buffer: <see cref="Count"/> rounded up to a multiple of <see cref="Block"/>.</summary>
    public int Rows { get; }
    /// <summary>Stimulus bins K.</summary>
    public int Bins { get; }
    /// <summary>Distance between rows: K rounded up to a multiple of 16.</summary>
    public int Stride { get; }
    /// <summary>λ̄ = Σ p λ per cell.</summary>
    public double[] Mean { get; }
    /// <summary>Skaggs information per cell.</summary>
    public SkaggsInformation[] Skaggs { get; }

    /// <summary>Bin probabilities, padded with zeros to <see cref="Stride"/>.</summary>
    public Span<double> P => p.AsSpan(pStart, Stride);
    /// <summary>The K rates of <paramref name="cell"/> as given.</summary>
    public ReadOnlySpan<double> Rates(int cell) => rates[cell];
    /// <summary>√λ of <paramref name="cell"/>, at least <see cref="RootFloor"/> (also in the padding).</summary>
    public Span<double> Sqrt(int cell) => sqrt.AsSpan(sqrtStart + cell * Stride, Stride);
    /// <summary>p·√λ of <paramref name="cell"/>, padded.</summary>
    public Span<double> WeightedSqrt(int cell) => weightedSqrt.AsSpan(weightedSqrtStart + cell * Stride, Stride);
    /// <summary>p·√λ·log2 λ of <paramref name="cell"/> (≈ 0 where λ = 0: the log is floored at log2 10⁻³⁰⁰), padded.</summary>
    public Span<double> LogWeightedSqrt(int cell) => logWeightedSqrt.AsSpan(logWeightedSqrtStart + cell * Stride, Stride);
    /// <summary>Centred rates of <paramref name="cell"/> scaled to unit norm (zero for a constant cell, so its r with any other cell is 0), padded.</summary>
    public Span<double> Z(int cell) => z.AsSpan(zStart + cell * Stride, Stride);

    /// <summary>The first element of <paramref name="row"/>, for unchecked SIMD loads.</summary>
    public static ref double Start(Span<double> row) => ref MemoryMarshal.GetReference(row);

    void Fill(int c, InfoConvention convention)
    {
        var rate = rates[c].AsSpan();
        var prob = P[..Bins];
        double mean = Mean[c] = TensorPrimitives.Dot(rate, prob);
        var root = Sqrt(c)[..Bins];
        TensorPrimitives.Sqrt(rate, root);
        TensorPrimitives.Max(Sqrt(c), RootFloor, Sqrt(c));
        var weighted = WeightedSqrt(c)[..Bins];
        TensorPrimitives.Multiply(root, prob, weighted);
        var log = LogWeightedSqrt(c)[..Bins];
        Log2TimesWeight(rate, 1, weighted, log);
        Skaggs[c] = convention == InfoConvention.Exact ? ExactSkaggs(rate, mean, weighted, root) : Information.Skaggs.Compute(rate, prob, convention);
        // Unweighted Pearson: centre and scale to unit norm over the bins, so r is a dot product.
        var centred = Z(c)[..Bins];
        double average = TensorPrimitives.Average(rate);
        TensorPrimitives.Subtract(rate, average, centred);
        double norm = TensorPrimitives.Norm(centred);
        if (norm <= 1e-12 * Math.Max(1, Math.Abs(average)) * Math.Sqrt(Bins)) centred.Clear();
        else TensorPrimitives.Divide(centred, norm, centred);
    }

    /// <summary><see cref="Information.Skaggs"/> in the ε → 0 convention, vectorised: Σ (p√λ)·√λ·log2(λ/λ̄).</summary>
    static SkaggsInformation ExactSkaggs(ReadOnlySpan<double> rate, double mean, ReadOnlySpan<double> weighted, ReadOnlySpan<double> root)
    {
        if (!(mean > 0)) return new SkaggsInformation(0, 0, mean);
        var buffer = ArrayPool<double>.Shared.Rent(rate.Length);
        var terms = buffer.AsSpan(0, rate.Length);
        Log2TimesWeight(rate, 1 / mean, weighted, terms);
        double bits = TensorPrimitives.Dot(terms, root);
        ArrayPool<double>.Shared.Return(buffer);
        return new SkaggsInformation(bits, bits / mean, mean);
    }

    /// <summary>
    /// <paramref name="weight"/>·log2(<paramref name="scale"/>·λ) into <paramref name="result"/>, ≈ 0 where λ = 0 (the
    /// weight, a multiple of the floored √λ, is ≤ 10⁻¹⁵⁰ there; the logarithm is kept finite by a floor of 10⁻³⁰⁰).
    /// </summary>
    static void Log2TimesWeight(ReadOnlySpan<double> rate, double scale, ReadOnlySpan<double> weight, Span<double> result)
    {
        TensorPrimitives.Multiply(rate, scale, result);
        TensorPrimitives.Max(result, 1e-300, result);
        TensorPrimitives.Log2(result, result);
        TensorPrimitives.Multiply(result, weight, result);
    }

    /// <summary>A zeroed pinned buffer for <paramref name="rows"/> rows and the index of its first 64-byte-aligned element.</summary>
    (double[] Buffer, int Start) Buffer(int rows)
    {
        var buffer = GC.AllocateArray<double>(rows * Stride + Align - 1, pinned: true);
        long address = Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0);
        return (buffer, (int)((-address & 63) / sizeof(double)));
    }
}
