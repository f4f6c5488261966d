using Parsimony.Information;

namespace Parsimony.Analysis;

/// <summary>Stimulus information of a recorded population: per-cell Skaggs information, the SI matrix and the SSI.</summary>
/// <param name="Curves">The tuning curves the measures were computed from.</param>
/// <param name="Matrix">The stimulus information matrix.</param>
/// <param name="Ssi">Its leading eigenvalue and eigenvector (per-spike matrix).</param>
/// <param name="SsiBitsPerSecond">Leading eigenvalue of the bits/s matrix.</param>
/// <param name="UniformP">Whether p was uniform over the kept bins rather than occupancy-weighted.</param>
/// <param name="Convention">The ε convention used.</param>
public sealed record RecordingInformation(TuningCurves Curves, StimulusInformationMatrix Matrix, SsiResult Ssi, double SsiBitsPerSecond,
                                          bool UniformP, InfoConvention Convention)
{
    /// <summary>Bins a spike can fall in: weighted (p &gt; 0) and visited (occupancy &gt; 0) — the K of the analytic bias.</summary>
    public int VisitedBins => Curves.Probabilities(UniformP).Where((p, b) => p > 0 && Curves.OccupancySeconds[b] > 0).Count();

    /// <summary>Each cell's bits/spike minus its first-order plug-in bias (K − 1)/(2 n ln 2) (<see cref="SkaggsBias"/>).</summary>
    public double[] BiasCorrected()
    {
        int bins = VisitedBins;
        return Matrix.Cells.Select((c, i) => c.BitsPerSpike - SkaggsBias.Expected(bins, Curves.SpikeCounts[i])).ToArray();
    }

    /// <summary>Computes every measure of <paramref name="curves"/>.</summary>
    public static RecordingInformation Compute(TuningCurves curves, bool uniformP, InfoConvention convention)
    {
        var p = curves.Probabilities(uniformP);
        var matrix = StimulusInformationMatrix.Compute(curves.Rates, p, convention);
        if (matrix.BitsPerSpike.Cast<double>().Any(v => !double.IsFinite(v)) || matrix.BitsPerSecond.Cast<double>().Any(v => !double.IsFinite(v)))
            throw new ParsimonyException("The stimulus information is not finite for these rate maps (rates too large or too small for float64).");
        return new RecordingInformation(curves, matrix, Information.Ssi.Compute(matrix), Information.Ssi.Compute(matrix.BitsPerSecond).Lambda1,
                                        uniformP, convention);
    }
}
