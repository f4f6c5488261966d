using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Parsimony.Information;

/// <summary>
/// Per-cell quantities every pair needs, computed once for a population (cells in parallel): mean rate, Skaggs
/// information, and rows of rates λ, √λ, p·log2 λ and z-scores. Each quantity is one pinned buffer of rows
/// <see cref="Stride"/> apart, 64-byte aligned and zero-padded to a multiple of 8 bins (padded bins have p = 0, so
/// the SIMD kernels need no scalar tail).
/// </summary>
internal sealed class CellStats
{
    const int Align = 8;   // doubles per 64 bytes: one Vector512

    readonly double[] p, rates, sqrt, weightedLog, z;
    readonly int pStart, ratesStart, sqrtStart, weightedLogStart, zStart;

    public CellStats(IReadOnlyList<double[]> cells, ReadOnlySpan<double> probabilities, InfoConvention convention = InfoConvention.Exact,
                     int maxDegreeOfParallelism = -1)
    {
        Count = cells.Count;
        Bins = probabilities.Length;
        Stride = (Bins + Align - 1) / Align * Align;
        (p, pStart) = Buffer(1);
        (rates, ratesStart) = Buffer(Count);
        (sqrt, sqrtStart) = Buffer(Count);
        (weightedLog, weightedLogStart) = Buffer(Count);
        (z, zStart) = Buffer(Count);
        probabilities.CopyTo(P);
        Mean = new double[Count];
        Skaggs = new SkaggsInformation[Count];
        IsConstant = new bool[Count];
        Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, c => Fill(c, cells[c], convention));
    }

    /// <summary>Cells.</summary>
    public int Count { get; }
    /// <summary>Stimulus bins K.</summary>
    public int Bins { get; }
    /// <summary>Distance between rows: K rounded up to a multiple of 8.</summary>
    public int Stride { get; }
    /// <summary>λ̄ = Σ p λ per cell.</summary>
    public double[] Mean { get; }
    /// <summary>Skaggs information per cell.</summary>
    public SkaggsInformation[] Skaggs { get; }
    /// <summary>Whether a cell's rate is constant over the bins (its z-score row is then zero).</summary>
    public bool[] IsConstant { get; }

    /// <summary>Bin probabilities, padded with zeros to <see cref="Stride"/>.</summary>
    public Span<double> P => p.AsSpan(pStart, Stride);
    /// <summary>The rates of <paramref name="cell"/>, padded.</summary>
    public Span<double> Rates(int cell) => rates.AsSpan(ratesStart + cell * Stride, Stride);
    /// <summary>√λ of <paramref name="cell"/>, padded.</summary>
    public Span<double> Sqrt(int cell) => sqrt.AsSpan(sqrtStart + cell * Stride, Stride);
    /// <summary>p·log2 λ of <paramref name="cell"/> (0 where λ = 0), padded.</summary>
    public Span<double> WeightedLog(int cell) => weightedLog.AsSpan(weightedLogStart + cell * Stride, Stride);
    /// <summary>Centred rates of <paramref name="cell"/> scaled to unit norm (zero for a constant cell), padded.</summary>
    public Span<double> Z(int cell) => z.AsSpan(zStart + cell * Stride, Stride);

    /// <summary>The first element of <paramref name="row"/>, for unchecked SIMD loads.</summary>
    public static ref double Start(Span<double> row) => ref MemoryMarshal.GetReference(row);

    /// <summary>Pearson r; a constant cell has r := 1 with itself and r := 0 with any other cell.</summary>
    public double Correlation(int a, int b) =>
        a == b ? 1 : IsConstant[a] || IsConstant[b] ? 0 : Math.Clamp(TensorPrimitives.Dot(Z(a), Z(b)), -1, 1);

    void Fill(int c, double[] cell, InfoConvention convention)
    {
        var rate = Rates(c)[..Bins];
        cell.CopyTo(rate);
        var prob = P[..Bins];
        Mean[c] = TensorPrimitives.Dot(rate, prob);
        Skaggs[c] = Information.Skaggs.Compute(rate, prob, convention);
        TensorPrimitives.Sqrt(rate, Sqrt(c)[..Bins]);
        var log = WeightedLog(c);
        for (int x = 0; x < Bins; x++) log[x] = rate[x] > 0 ? prob[x] * Math.Log2(rate[x]) : 0;
        // Unweighted Pearson: centre and scale to unit norm over the bins, so r is a dot product.
        var centred = Z(c)[..Bins];
        double average = TensorPrimitives.Average(rate);
        TensorPrimitives.Subtract(rate, average, centred);
        double norm = TensorPrimitives.Norm(centred);
        IsConstant[c] = norm <= 1e-12 * Math.Max(1, Math.Abs(average)) * Math.Sqrt(Bins);
        if (IsConstant[c]) centred.Clear();
        else TensorPrimitives.Divide(centred, norm, centred);
    }

    /// <summary>A zeroed pinned buffer for <paramref name="rows"/> rows and the index of its first 64-byte-aligned element.</summary>
    (double[] Buffer, int Start) Buffer(int rows)
    {
        var buffer = GC.AllocateArray<double>(rows * Stride + Align - 1, pinned: true);
        long address = Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0);
        return (buffer, (int)((-address & 63) / sizeof(double)));
    }
}
