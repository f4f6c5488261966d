using System.Numerics.Tensors;

namespace Parsimony.Information;

/// <summary>
/// The stimulus information matrix of a population (spec ssi.md §1.3): J(a, b) for every pair, symmetric, with the
/// single-cell Skaggs information on the diagonal. Computed in float64 over all pairs in parallel, each pair once.
/// </summary>
/// <param name="BitsPerSpike">J_spike (N×N), the matrix whose leading eigenvalue is the SSI.</param>
/// <param name="BitsPerSecond">J_sec (N×N).</param>
/// <param name="Correlation">Pearson r of the rate vectors (N×N).</param>
/// <param name="Cells">Per-cell Skaggs information and mean rate.</param>
public sealed record StimulusInformationMatrix(double[,] BitsPerSpike, double[,] BitsPerSecond, double[,] Correlation, SkaggsInformation[] Cells)
{
    /// <summary>Number of cells.</summary>
    public int Count => Cells.Length;

    /// <summary>
    /// Computes the matrix for <paramref name="rates"/> (one array of K bin rates per cell) and bin probabilities
    /// <paramref name="p"/> (K, summing to 1). Rates must be finite and non-negative.
    /// </summary>
    public static StimulusInformationMatrix Compute(IReadOnlyList<double[]> rates, double[] p, InfoConvention convention = InfoConvention.Exact,
                                                    int maxDegreeOfParallelism = -1)
    {
        Validate(rates, p);
        int n = rates.Count;
        var cells = new CellStats(rates, p, convention, maxDegreeOfParallelism);
        var perSpike = new double[n, n];
        var perSecond = new double[n, n];
        var correlation = new double[n, n];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        const int block = CellStats.Block, panel = 4 * block;
        int panels = (n + panel - 1) / panel;
        // Panels of 16 rows are handed out in an interleaved order so both ends of the triangle are shared evenly. A
        // panel's rows stay in L2 while its columns go by four at a time: their r from 4 × 4 tiles (PairCorrelation),
        // then each column cell against every row of the panel, so a column's rows are fetched once per panel.
        Parallel.For(0, panels, options, i =>
        {
            int first = (i % 2 == 0 ? i / 2 : panels - 1 - i / 2) * panel, end = Math.Min(n, first + panel);
            Span<double> r = stackalloc double[panel * block];
            for (int b0 = first; b0 < n; b0 += block)
            {
                for (int a0 = first; a0 < Math.Min(end, b0 + block); a0 += block)
                    PairCorrelation.Tile(cells, a0, b0, r.Slice((a0 - first) * block, block * block));
                for (int b = b0; b < Math.Min(n, b0 + block); b++)
                    for (int a = first; a < Math.Min(end, b + 1); a++)
                    {
                        var j = a == b && convention == InfoConvention.Exact
                            ? new PairInformationResult(cells.Skaggs[a].BitsPerSecond, cells.Skaggs[a].BitsPerSpike, 1)
                            : PairInformation.Pair(cells, a, b, a == b ? 1 : r[(a - first) * block + b - b0], convention);
                        perSpike[a, b] = perSpike[b, a] = j.BitsPerSpike;
                        perSecond[a, b] = perSecond[b, a] = j.BitsPerSecond;
                        correlation[a, b] = correlation[b, a] = j.Correlation;
                    }
            }
        });
        return new StimulusInformationMatrix(perSpike, perSecond, correlation, cells.Skaggs);
    }

    /// <summary>
    /// The matrix for rate maps over bins with <paramref name="occupancy"/> (time or sample counts per bin), p = occupancy / total.
    /// </summary>
    public static StimulusInformationMatrix FromOccupancy(IReadOnlyList<double[]> rates, double[] occupancy, InfoConvention convention = InfoConvention.Exact)
    {
        double total = occupancy.Sum();
        return Compute(rates, occupancy.Select(o => o / total).ToArray(), convention);
    }

    static void Validate(IReadOnlyList<double[]> rates, double[] p)
    {
        if (rates.Count == 0) throw new ArgumentException("No cells: the rate list is empty.");
        if (p.Length == 0) throw new ArgumentException("No stimulus bins: p is empty.");
        if (!FiniteAndNonNegative(p)) throw new ArgumentException("Bin probabilities p must be finite and non-negative.");
        if (Math.Abs(p.Sum() - 1) > 1e-6) throw new ArgumentException($"Bin probabilities p must sum to 1 (they sum to {p.Sum():G6}).");
        for (int c = 0; c < rates.Count; c++)
        {
            if (rates[c].Length != p.Length) throw new ArgumentException($"Cell {c} has {rates[c].Length} bins but p has {p.Length}.");
            if (!FiniteAndNonNegative(rates[c])) throw new ArgumentException($"Cell {c} has a negative or non-finite rate.");
        }
    }

    /// <summary>Whether every value is finite and ≥ 0 (Min and Max propagate NaN), vectorised.</summary>
    static bool FiniteAndNonNegative(ReadOnlySpan<double> values) => TensorPrimitives.Min(values) >= 0 && double.IsFinite(TensorPrimitives.Max(values));
}
