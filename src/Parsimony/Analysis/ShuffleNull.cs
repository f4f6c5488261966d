using Parsimony.Information;

namespace Parsimony.Analysis;

/// <summary>One circular-shift shuffle: each cell's bits/spike and the population's SSI.</summary>
/// <param name="CellBitsPerSpike">Null bits/spike per cell.</param>
/// <param name="Ssi">Null SSI.</param>
public sealed record ShuffleSample(double[] CellBitsPerSpike, double Ssi);

/// <summary>
/// Circular-shift shuffle null (spec ssi.md §1.6): the spike trains are shifted together against the stimulus by a
/// random offset in [min shift, T − min shift] (wrapping around), which keeps each train's temporal structure and the
/// cells' co-firing but breaks their relation to the stimulus. z = (observed − mean)/sd of the null;
/// p = (1 + #{null ≥ observed})/(1 + shuffles).
/// </summary>
/// <param name="Shuffles">Number of shuffles.</param>
/// <param name="MinShiftSeconds">Smallest shift.</param>
/// <param name="CellNull">Null bits/spike, [cell][shuffle].</param>
/// <param name="SsiNull">Null SSI per shuffle.</param>
/// <param name="CellZ">z of each cell's bits/spike.</param>
/// <param name="CellP">p of each cell's bits/spike.</param>
/// <param name="SsiZ">z of the SSI.</param>
/// <param name="SsiP">p of the SSI.</param>
public sealed record ShuffleNull(int Shuffles, double MinShiftSeconds, double[][] CellNull, double[] SsiNull,
                                 double[] CellZ, double[] CellP, double SsiZ, double SsiP)
{
    /// <summary>Shuffle-corrected bits/spike of each cell: observed minus the null mean.</summary>
    public double[] CellCorrected(IReadOnlyList<double> observed) => observed.Select((o, c) => o - CellNull[c].Average()).ToArray();

    /// <summary>
    /// Runs <paramref name="shuffles"/> shuffles of <paramref name="binned"/> (seeded: same seed, same shifts) in
    /// parallel and compares them with <paramref name="observed"/>.
    /// </summary>
    public static ShuffleNull Run(BinnedRecording binned, RecordingInformation observed, int shuffles, double minShiftSeconds, int seed)
    {
        Rules.AtLeast(shuffles, 2, "Shuffles");
        var samples = new ShuffleSample[shuffles];
        int inner = InnerParallelism(binned.Recording.Cells);
        Parallel.For(0, shuffles, new ParallelOptions { MaxDegreeOfParallelism = inner == 1 ? -1 : 1 },
            i => samples[i] = Draw(binned, observed, i, minShiftSeconds, seed, inner));
        return Collect(samples, observed, minShiftSeconds);
    }

    /// <summary>
    /// Parallelism inside one shuffle: small populations run shuffles side by side (1 here), large ones run the pairs of
    /// each shuffle in parallel (−1: all cores).
    /// </summary>
    public static int InnerParallelism(int cells) => cells < 64 ? 1 : -1;

    /// <summary>
    /// Shuffle number <paramref name="index"/> (its shift depends only on (<paramref name="seed"/>, index)):
    /// the information of the shifted spike trains, the pairs computed with <paramref name="parallelism"/> threads.
    /// </summary>
    public static ShuffleSample Draw(BinnedRecording binned, RecordingInformation observed, int index, double minShiftSeconds, int seed, int parallelism)
    {
        var r = binned.Recording;
        int minShift = MinShiftSamples(r, minShiftSeconds);
        int shift = new Random(unchecked(seed * 1_000_003 + index)).Next(minShift, r.Samples - minShift + 1);
        var curves = binned.Curves(shift);
        var matrix = StimulusInformationMatrix.Compute(curves.Rates, curves.Probabilities(observed.UniformP), observed.Convention, parallelism);
        return new ShuffleSample(matrix.Cells.Select(c => c.BitsPerSpike).ToArray(), Information.Ssi.Compute(matrix).Lambda1);
    }

    /// <summary>The smallest shift in samples; an <see cref="OptionException"/> unless it is positive and below half the recording.</summary>
    public static int MinShiftSamples(Recordings.Recording r, double minShiftSeconds)
    {
        int minShift = (int)Math.Ceiling(minShiftSeconds / r.SampleSeconds);
        Rules.Require(minShift >= 1 && 2 * minShift < r.Samples, "MinShift",
            $"of {minShiftSeconds} s must be positive and shorter than half the recording ({r.Samples * r.SampleSeconds / 2:G4} s).");
        return minShift;
    }

    /// <summary>The null of <paramref name="samples"/> (in shuffle order) against <paramref name="observed"/>.</summary>
    public static ShuffleNull Collect(IReadOnlyList<ShuffleSample> samples, RecordingInformation observed, double minShiftSeconds)
    {
        int cells = observed.Matrix.Count, shuffles = samples.Count;
        var cellNull = Enumerable.Range(0, cells).Select(c => samples.Select(s => s.CellBitsPerSpike[c]).ToArray()).ToArray();
        var ssiNull = samples.Select(s => s.Ssi).ToArray();
        var cellZ = new double[cells];
        var cellP = new double[cells];
        for (int c = 0; c < cells; c++) (cellZ[c], cellP[c]) = Compare(observed.Matrix.Cells[c].BitsPerSpike, cellNull[c]);
        var (ssiZ, ssiP) = Compare(observed.Ssi.Lambda1, ssiNull);
        return new ShuffleNull(shuffles, minShiftSeconds, cellNull, ssiNull, cellZ, cellP, ssiZ, ssiP);
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
