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
        const int block = CellStats.Block;
        int blocks = cells.Rows / block;
        // Row blocks are handed out in an interleaved order so both ends of the triangle are shared evenly; each takes
        // its tiles of pairs (4 × 4, their r from PairCorrelation) left to right, so the block's rows stay in cache.
        Parallel.For(0, blocks, options, i =>
        {
            int rowBlock = i % 2 == 0 ? i / 2 : blocks - 1 - i / 2;
            Span<double> tile = stackalloc double[block * block];
            for (int columnBlock = rowBlock; columnBlock < blocks; columnBlock++)
            {
                PairCorrelation.Tile(cells, rowBlock * block, columnBlock * block, tile);
                for (int a = rowBlock * block; a < Math.Min(n, (rowBlock + 1) * block); a++)
                    for (int b = Math.Max(a, columnBlock * block); b < Math.Min(n, (columnBlock + 1) * block); b++)
                    {
                        var j = a == b && convention == InfoConvention.Exact
                            ? new PairInformationResult(cells.Skaggs[a].BitsPerSecond, cells.Skaggs[a].BitsPerSpike, 1)
                            : a == b ? PairInformation.Pair(cells, a, b, 1, convention)
                            : PairInformation.Pair(cells, a, b, tile[(a - rowBlock * block) * block + b - columnBlock * block], convention);
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
