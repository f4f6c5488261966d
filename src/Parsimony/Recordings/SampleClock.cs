namespace Parsimony.Recordings;

/// <summary>
/// The clock of a stimulus track: when each sample starts and how long it lasts, and which sample a spike time falls
/// in. A regular clock (a frame rate, no time column) assigns a spike at t to sample ⌊(t − start)·rate⌋, computed in
/// the spike times' own units (recipe R1: ⌊t_ms·30/1000⌋), so no unit conversion moves a spike on a frame boundary;
/// an irregular clock (a time column) to the sample whose interval [t_k, t_k + Δt) contains it.
/// </summary>
/// <param name="Times">Start time of each sample in seconds (non-decreasing).</param>
/// <param name="SampleSeconds">Duration Δt of one sample.</param>
/// <param name="Rate">Samples per second of a regular clock (sample k at start + k/rate); null for a time column.</param>
/// <param name="Start">Time of sample 0 of a regular clock, in seconds.</param>
public sealed record SampleClock(double[] Times, double SampleSeconds, double? Rate = null, double Start = 0)
{
    /// <summary>A regular clock of <paramref name="samples"/> samples at <paramref name="rate"/> Hz from <paramref name="start"/> s.</summary>
    public static SampleClock Regular(int samples, double rate, double start = 0) =>
        new(Enumerable.Range(0, samples).Select(k => start + k / rate).ToArray(), 1 / rate, rate, start);

    /// <summary>Number of samples.</summary>
    public int Samples => Times.Length;

    /// <summary>End of the last sample, in seconds.</summary>
    public double End => Times[^1] + SampleSeconds;

    /// <summary>
    /// The sample holding a spike at <paramref name="time"/>, given in units of 1/<paramref name="unitsPerSecond"/> s
    /// (1 for seconds, 1000 for milliseconds), or −1 when it falls in none.
    /// </summary>
    public int SampleOf(double time, double unitsPerSecond)
    {
        if (!double.IsFinite(time)) return -1;
        if (Rate is { } rate)
        {
            double k = Math.Floor((time - Start * unitsPerSecond) * rate / unitsPerSecond);
            return k >= 0 && k < Samples ? (int)k : -1;
        }
        double s = time / unitsPerSecond;
        int i = UpperBound(Times, s) - 1;
        return i < 0 || s >= Times[i] + SampleSeconds ? -1 : i;
    }

    static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
