using Parsimony.Information;

namespace Parsimony.Analysis;

/// <summary>One circular-shift shuffle: each cell's bits/spike, the population's SSI and, when asked for, every pair's J_spike.</summary>
/// <param name="CellBitsPerSpike">Null bits/spike per cell.</param>
/// <param name="Ssi">Null SSI.</param>
/// <param name="Pairs">Null J_spike of every pair a &lt; b, row by row (<see cref="PairIndex"/>), or null.</param>
public sealed record ShuffleSample(double[] CellBitsPerSpike, double Ssi, double[]? Pairs = null)
{
    /// <summary>The position of pair (a, b), a &lt; b, among the <c>n(n − 1)/2</c> pairs of <paramref name="n"/> cells.</summary>
    public static int PairIndex(int a, int b, int n) => a * (2 * n - a - 1) / 2 + (b - a - 1);
}

/// <summary>
/// Circular-shift shuffle null (spec ssi.md §1.6): each session's spike trains are shifted together against its
/// stimulus by a random offset in [min shift, T − min shift] (wrapping around), which keeps each train's temporal
/// structure and the cells' co-firing but breaks their relation to the stimulus. z = (observed − mean)/sd of the null;
/// p = (1 + #{null ≥ observed})/(1 + shuffles); the shuffle-corrected value is observed − null mean (the plug-in
/// estimate's upward bias removed) for cells, pairs and the SSI.
/// </summary>
/// <param name="Shuffles">Number of shuffles.</param>
/// <param name="MinShiftSeconds">Smallest shift.</param>
/// <param name="CellNull">Null bits/spike, [cell][shuffle].</param>
/// <param name="SsiNull">Null SSI per shuffle.</param>
/// <param name="CellZ">z of each cell's bits/spike.</param>
/// <param name="CellP">p of each cell's bits/spike.</param>
/// <param name="SsiZ">z of the SSI.</param>
/// <param name="SsiP">p of the SSI.</param>
/// <param name="PairNullMean">Mean null J_spike of every pair (the diagonal: each cell's null mean), or null when pairs were not shuffled.</param>
public sealed record ShuffleNull(int Shuffles, double MinShiftSeconds, double[][] CellNull, double[] SsiNull,
                                 double[] CellZ, double[] CellP, double SsiZ, double SsiP, double[,]? PairNullMean = null)
{
    /// <summary>Shuffle-corrected bits/spike of each cell: observed minus the null mean.</summary>
    public double[] CellCorrected(IReadOnlyList<double> observed) => observed.Select((o, c) => o - CellNull[c].Average()).ToArray();

    /// <summary>The shuffle-corrected SSI: observed minus the mean null SSI.</summary>
    public double SsiCorrected(double observed) => observed - SsiNull.Average();

    /// <summary>Shuffle-corrected J_spike: observed minus the mean null matrix (null when pairs were not shuffled).</summary>
    public double[,]? PairCorrected(double[,] observed)
    {
        if (PairNullMean is not { } mean) return null;
        int n = observed.GetLength(0);
        var corrected = new double[n, n];
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++) corrected[a, b] = observed[a, b] - mean[a, b];
        return corrected;
    }

    /// <summary>
    /// Runs <paramref name="shuffles"/> shuffles of <paramref name="population"/> (seeded: same seed, same shifts) in
    /// parallel and compares them with <paramref name="observed"/>.
    /// </summary>
    public static ShuffleNull Run(Population population, RecordingInformation observed, int shuffles, double minShiftSeconds, int seed, bool pairs = false)
    {
        Rules.AtLeast(shuffles, 2, "Shuffles");
        var samples = new ShuffleSample[shuffles];
        int inner = InnerParallelism(population.Cells);
        Parallel.For(0, shuffles, new ParallelOptions { MaxDegreeOfParallelism = inner == 1 ? -1 : 1 },
            i => samples[i] = Draw(population, observed, i, minShiftSeconds, seed, inner, pairs));
        return Collect(samples, observed, minShiftSeconds);
    }

    /// <summary>
    /// Parallelism inside one shuffle: small populations run shuffles side by side (1 here), large ones run the pairs of
    /// each shuffle in parallel (−1: all cores).
    /// </summary>
    public static int InnerParallelism(int cells) => cells < 64 ? 1 : -1;

    /// <summary>
    /// Shuffle number <paramref name="index"/> (its shifts, one per session, depend only on (<paramref name="seed"/>,
    /// index)): the information of the shifted spike trains, the pairs computed with <paramref name="parallelism"/>
    /// threads, and every pair's J_spike when <paramref name="pairs"/> is set.
    /// </summary>
    public static ShuffleSample Draw(Population population, RecordingInformation observed, int index, double minShiftSeconds, int seed, int parallelism,
                                     bool pairs = false)
    {
        var random = new Random(unchecked(seed * 1_000_003 + index));
        var shifts = population.Sessions.Select(s =>
        {
            int minShift = MinShiftSamples(s.Recording, minShiftSeconds);
            return random.Next(minShift, s.Recording.Samples - minShift + 1);
        }).ToArray();
        var curves = population.Curves(shifts);
        var matrix = StimulusInformationMatrix.Compute(curves.Rates, curves.Probabilities(observed.UniformP), observed.Convention, parallelism);
        double[]? upper = null;
        if (pairs)
        {
            int n = matrix.Count;
            upper = new double[n * (n - 1) / 2];
            for (int a = 0; a < n; a++)
                for (int b = a + 1; b < n; b++) upper[ShuffleSample.PairIndex(a, b, n)] = matrix.BitsPerSpike[a, b];
        }
        return new ShuffleSample(matrix.Cells.Select(c => c.BitsPerSpike).ToArray(), Information.Ssi.Compute(matrix).Lambda1, upper);
    }

    /// <summary>The smallest shift in samples; an <see cref="OptionException"/> unless it is positive and below half the recording.</summary>
    public static int MinShiftSamples(Recordings.Recording r, double minShiftSeconds)
    {
        int minShift = (int)Math.Ceiling(minShiftSeconds / r.SampleSeconds);
        Rules.Require(minShift >= 1 && 2 * minShift < r.Samples, "MinShift",
            $"of {minShiftSeconds} s must be positive and shorter than half the recording ({r.Samples * r.SampleSeconds / 2:G4} s).");
        return minShift;
    }

    /// <summary>
    /// The null of <paramref name="samples"/> (in shuffle order) against <paramref name="observed"/>; the pairs' null from
    /// <paramref name="pairSum"/> (their J_spike summed over all the shuffles, <see cref="ShuffleSample.PairIndex"/> order)
    /// or, without it, from the samples' own pairs.
    /// </summary>
    public static ShuffleNull Collect(IReadOnlyList<ShuffleSample> samples, RecordingInformation observed, double minShiftSeconds, double[]? pairSum = null)
    {
        int cells = observed.Matrix.Count, shuffles = samples.Count;
        var cellNull = Enumerable.Range(0, cells).Select(c => samples.Select(s => s.CellBitsPerSpike[c]).ToArray()).ToArray();
        var ssiNull = samples.Select(s => s.Ssi).ToArray();
        var cellZ = new double[cells];
        var cellP = new double[cells];
        for (int c = 0; c < cells; c++) (cellZ[c], cellP[c]) = Compare(observed.Matrix.Cells[c].BitsPerSpike, cellNull[c]);
        var (ssiZ, ssiP) = Compare(observed.Ssi.Lambda1, ssiNull);
        return new ShuffleNull(shuffles, minShiftSeconds, cellNull, ssiNull, cellZ, cellP, ssiZ, ssiP, PairMean(samples, cellNull, pairSum ?? PairSum(samples)));
    }

    /// <summary>The pairs' J_spike summed over <paramref name="samples"/>, or null when a sample has none.</summary>
    public static double[]? PairSum(IEnumerable<ShuffleSample> samples)
    {
        double[]? sum = null;
        foreach (var sample in samples)
        {
            if (sample.Pairs is not { } pairs) return null;
            sum ??= new double[pairs.Length];
            for (int i = 0; i < sum.Length; i++) sum[i] += pairs[i];
        }
        return sum;
    }

    /// <summary>The mean null matrix from the pairs' sum over the shuffles (the diagonal from the cells' nulls).</summary>
    static double[,]? PairMean(IReadOnlyList<ShuffleSample> samples, double[][] cellNull, double[]? pairSum)
    {
        if (pairSum is null) return null;
        int n = cellNull.Length;
        var mean = new double[n, n];
        for (int a = 0; a < n; a++)
        {
            mean[a, a] = cellNull[a].Average();
            for (int b = a + 1; b < n; b++) mean[a, b] = mean[b, a] = pairSum[ShuffleSample.PairIndex(a, b, n)] / samples.Count;
        }
        return mean;
    }

    /// <summary>z and p of <paramref name="value"/> against <paramref name="nulls"/>; z = 0 when the null has no spread (e.g. a silent cell).</summary>
    static (double Z, double P) Compare(double value, double[] nulls)
    {
        double mean = nulls.Average();
        double sd = Math.Sqrt(nulls.Sum(v => (v - mean) * (v - mean)) / (nulls.Length - 1));
        double z = sd > 1e-12 * Math.Max(1, Math.Abs(mean)) ? (value - mean) / sd : 0;
        double p = (1.0 + nulls.Count(v => v >= value)) / (1.0 + nulls.Length);
        return (z, p);
    }
}
