namespace Parsimony.Recordings;

/// <summary>What the stimulus track measures.</summary>
public enum StimulusKind
{
    /// <summary>An angle in radians (head direction): one column, binned on the circle.</summary>
    Angle,
    /// <summary>A 2-D position: two columns (x, y), binned on a grid.</summary>
    Position,
}

/// <summary>
/// A recording on the stimulus clock: the stimulus value of every sample and each cell's spike count in that sample.
/// Spike times are assigned to the sample whose interval [t_k, t_k + Δt) contains them.
/// </summary>
/// <param name="Source">Where it came from (for messages and the summary).</param>
/// <param name="Kind">Angle or position.</param>
/// <param name="Times">Start time of each sample in seconds.</param>
/// <param name="SampleSeconds">Duration Δt of one sample.</param>
/// <param name="Stimulus">Stimulus values, [dimension][sample] (1 row for angles, 2 for positions); NaN where untracked.</param>
/// <param name="Counts">Spike counts, row-major [sample × cell].</param>
/// <param name="CellNames">One name per cell.</param>
/// <param name="SpikesOutside">Spike times that fell outside every tracked sample (dropped).</param>
/// <param name="Notes">Non-fatal problems found while loading, as sentences.</param>
public sealed record Recording(string Source, StimulusKind Kind, double[] Times, double SampleSeconds, double[][] Stimulus,
                               double[] Counts, string[] CellNames, long SpikesOutside, IReadOnlyList<string> Notes)
{
    /// <summary>Number of stimulus samples.</summary>
    public int Samples => Times.Length;
    /// <summary>Number of cells.</summary>
    public int Cells => CellNames.Length;
    /// <summary>Spike count of <paramref name="cell"/> in <paramref name="sample"/>.</summary>
    public double Count(int sample, int cell) => Counts[sample * Cells + cell];

    /// <summary>The same recording restricted to <paramref name="cells"/> (0-based, in the order given).</summary>
    public Recording SelectCells(IReadOnlyList<int> cells)
    {
        foreach (int c in cells)
            Rules.Require(c >= 0 && c < Cells, "Cells", $"names cell {c}, which does not exist in {Source} (it has cells 0..{Cells - 1}).");
        var counts = new double[Samples * cells.Count];
        for (int t = 0; t < Samples; t++)
            for (int i = 0; i < cells.Count; i++) counts[t * cells.Count + i] = Counts[t * Cells + cells[i]];
        return this with { Counts = counts, CellNames = cells.Select(c => CellNames[c]).ToArray() };
    }

    /// <summary>The most spikes one cell may have in one sample (beyond, the numbers are not spike counts and rates would overflow).</summary>
    public const double MaxCount = 1e6;

    /// <summary>Builds a recording from spike counts already on the stimulus clock ([cell][sample]).</summary>
    public static Recording FromCounts(string source, StimulusKind kind, double[] times, double sampleSeconds, double[][] stimulus,
                                       IReadOnlyList<double[]> counts, string[] names, IReadOnlyList<string>? notes = null)
    {
        int samples = times.Length;
        var flat = new double[samples * counts.Count];
        for (int c = 0; c < counts.Count; c++)
        {
            if (counts[c].Length != samples)
                throw new ParsimonyException($"{source}: the spike counts have {counts[c].Length} rows but the stimulus has {samples} samples; " +
                                             "binned counts must share the stimulus clock (one row per stimulus sample).");
            for (int t = 0; t < samples; t++)
            {
                double n = counts[c][t];
                if (!double.IsFinite(n) || n < 0)
                    throw new ParsimonyException($"{source}: cell {c} has an invalid spike count {n} in row {t} (counts must be finite and ≥ 0).");
                if (n > MaxCount)
                    throw new ParsimonyException($"{source}: cell {c} has {n:G3} spikes in row {t}, more than {MaxCount:G} in one sample: these are not spike counts.");
                flat[t * counts.Count + c] = n;
            }
        }
        return new Recording(source, kind, times, sampleSeconds, stimulus, flat, names, 0, notes ?? []);
    }

    /// <summary>
    /// Builds a recording from spike times in seconds ([cell][spike]): each spike is counted in the sample whose interval
    /// contains it; spikes in no sample are dropped and counted. If every spike misses the track, the time bases must disagree.
    /// </summary>
    public static Recording FromSpikeTimes(string source, StimulusKind kind, double[] times, double sampleSeconds, double[][] stimulus,
                                           IReadOnlyList<double[]> spikes, string[] names, IReadOnlyList<string>? notes = null)
    {
        int samples = times.Length, cells = spikes.Count;
        var flat = new double[samples * cells];
        long outside = 0, total = 0;
        for (int c = 0; c < cells; c++)
            foreach (double s in spikes[c])
            {
                total++;
                int k = UpperBound(times, s) - 1;
                if (!double.IsFinite(s) || k < 0 || s >= times[k] + sampleSeconds) { outside++; continue; }
                flat[k * cells + c]++;
            }
        var allNotes = new List<string>(notes ?? []);
        if (total > 0 && outside == total)
            throw new ParsimonyException($"{source}: none of the {total} spike times falls inside the tracked time " +
                                         $"[{times[0]:G6}, {times[^1] + sampleSeconds:G6}] s. Check {{SpikeUnits}} (s or ms) and {{TimeUnits}}.");
        if (outside > 0)
            allNotes.Add($"{outside} of {total} spike times ({100.0 * outside / total:F1}%) fell outside the tracked time and were dropped.");
        return new Recording(source, kind, times, sampleSeconds, stimulus, flat, names, outside, allNotes);
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
