using Parsimony.Analysis;

namespace Parsimony.Information;

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
    /// Runs <paramref name="shuffles"/> shuffles of <paramref name="binned"/> (seeded: same seed, same shifts) and
    /// compares them with <paramref name="observed"/>. <paramref name="progress"/> is called after each shuffle.
    /// </summary>
    public static ShuffleNull Run(BinnedRecording binned, RecordingInformation observed, int shuffles, double minShiftSeconds, int seed,
                                  Action? progress = null)
    {
        if (shuffles < 2) throw new ParsimonyException($"--shuffles must be at least 2 to estimate a null (got {shuffles}).");
        var r = binned.Recording;
        int minShift = (int)Math.Ceiling(minShiftSeconds / r.SampleSeconds);
        if (minShift < 1 || 2 * minShift >= r.Samples)
            throw new ParsimonyException($"--min-shift {minShiftSeconds} s must be positive and shorter than half the recording " +
                                         $"({r.Samples * r.SampleSeconds / 2:G4} s).");
        int cells = r.Cells;
        var cellNull = new double[cells][];
        for (int c = 0; c < cells; c++) cellNull[c] = new double[shuffles];
        var ssiNull = new double[shuffles];
        bool outer = cells < 64;    // small populations: shuffles in parallel; large ones: pairs in parallel
        Parallel.For(0, shuffles, new ParallelOptions { MaxDegreeOfParallelism = outer ? -1 : 1 }, i =>
        {
            int shift = new Random(unchecked(seed * 1_000_003 + i)).Next(minShift, r.Samples - minShift + 1);
            var curves = binned.Curves(shift);
            var matrix = StimulusInformationMatrix.Compute(curves.Rates, curves.Probabilities(observed.UniformP), observed.Convention, outer ? 1 : -1);
            for (int c = 0; c < cells; c++) cellNull[c][i] = matrix.Cells[c].BitsPerSpike;
            ssiNull[i] = Ssi.Compute(matrix).Lambda1;
            progress?.Invoke();
        });
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
