namespace Parsimony.Models.DentateGyrus;

/// <summary>
/// How one pattern is simulated and read out (spec §B.2): fixed-step RK4 with step <paramref name="DtSeconds"/> from
/// V = 0, g = 0; activity sampled every <paramref name="SampleSeconds"/>; the response is the mean of the samples with
/// <paramref name="WindowStartSeconds"/> ≤ t &lt; <paramref name="DurationSeconds"/> (the end sample excluded).
/// </summary>
/// <param name="DtSeconds">Integration step (s); must divide the sample interval.</param>
/// <param name="DurationSeconds">Simulated time (s).</param>
/// <param name="WindowStartSeconds">Start of the averaging window (s).</param>
/// <param name="SampleSeconds">Sample interval (s).</param>
public sealed record DgProtocol(double DtSeconds = 5e-4, double DurationSeconds = 0.35, double WindowStartSeconds = 0.15, double SampleSeconds = 1e-3)
{
    /// <summary>Integration steps per sample (the sample interval over the step, which must be a whole number).</summary>
    public int StepsPerSample
    {
        get
        {
            double ratio = SampleSeconds / DtSeconds;
            int steps = (int)Math.Round(ratio);
            if (DtSeconds <= 0 || steps < 1 || Math.Abs(ratio - steps) > 1e-9 * ratio)
                throw new ParsimonyException($"The integration step {DtSeconds} s must divide the sample interval {SampleSeconds} s.");
            return steps;
        }
    }

    /// <summary>Index of the first sample in the window.</summary>
    public int FirstSample => (int)Math.Round(WindowStartSeconds / SampleSeconds);

    /// <summary>Index one past the last sample in the window.</summary>
    public int EndSample => (int)Math.Round(DurationSeconds / SampleSeconds);
}
