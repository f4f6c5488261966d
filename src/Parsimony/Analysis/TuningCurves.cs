namespace Parsimony.Analysis;

/// <summary>
/// Firing rates of cells over stimulus bins, with the occupancy they came from (results carry their provenance).
/// </summary>
/// <param name="Rates">[cells][bins] mean rate in Hz; 0 in unvisited bins.</param>
/// <param name="OccupancySeconds">Time spent in each bin.</param>
/// <param name="BinCenters">Stimulus value at each bin's centre (radians for angles).</param>
/// <param name="SpikeCounts">Spikes per cell over the kept samples.</param>
/// <param name="DroppedSamples">Samples dropped because their stimulus was not finite.</param>
public sealed record TuningCurves(double[][] Rates, double[] OccupancySeconds, double[] BinCenters, long[] SpikeCounts, int DroppedSamples)
{
    /// <summary>Total kept time in seconds.</summary>
    public double TotalSeconds => OccupancySeconds.Sum();

    /// <summary>Bin probabilities: occupancy / total time, or uniform over the visited bins.</summary>
    public double[] Probabilities(bool uniform)
    {
        int visited = OccupancySeconds.Count(o => o > 0);
        return OccupancySeconds.Select(o => o <= 0 ? 0 : uniform ? 1.0 / visited : o / TotalSeconds).ToArray();
    }

    /// <summary>
    /// Angular tuning from spike counts binned on the stimulus clock: <paramref name="counts"/>[t][cell] spikes in sample t
    /// (each <paramref name="sampleSeconds"/> long), <paramref name="angles"/>[t] in radians; bin = floor((θ mod 2π)/2π·bins).
    /// </summary>
    public static TuningCurves FromAngles(Func<int, int, double> counts, int samples, int cells, double[] angles, double sampleSeconds, int bins)
    {
        if (angles.Length != samples)
            throw new ParsimonyException($"The spike counts have {samples} samples but the angle track has {angles.Length}; they must share one time base.");
        if (bins < 2) throw new ParsimonyException($"--bins must be at least 2 (got {bins}).");
        if (!(sampleSeconds > 0)) throw new ParsimonyException($"--bin-seconds must be positive (got {sampleSeconds}).");
        var occupancy = new double[bins];
        var spikes = new double[cells][];
        for (int c = 0; c < cells; c++) spikes[c] = new double[bins];
        var total = new long[cells];
        int dropped = 0;
        for (int t = 0; t < samples; t++)
        {
            double a = angles[t];
            if (!double.IsFinite(a)) { dropped++; continue; }
            double wrapped = a % (2 * Math.PI);
            if (wrapped < 0) wrapped += 2 * Math.PI;
            int bin = Math.Min(bins - 1, (int)Math.Floor(wrapped / (2 * Math.PI) * bins));
            occupancy[bin] += sampleSeconds;
            for (int c = 0; c < cells; c++)
            {
                double n = counts(t, c);
                spikes[c][bin] += n;
                total[c] += (long)n;
            }
        }
        if (occupancy.All(o => o == 0))
            throw new ParsimonyException("No sample has a finite stimulus value: the occupancy is zero everywhere.");
        var rates = spikes.Select(s => s.Select((n, b) => occupancy[b] > 0 ? n / occupancy[b] : 0).ToArray()).ToArray();
        var centres = Enumerable.Range(0, bins).Select(b => (b + 0.5) * 2 * Math.PI / bins).ToArray();
        return new TuningCurves(rates, occupancy, centres, total, dropped);
    }
}
