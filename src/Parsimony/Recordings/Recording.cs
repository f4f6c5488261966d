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
/// <param name="Rate">Samples per second of a regular clock (then speeds are |Δ|·rate), or null for a time column.</param>
public sealed record Recording(string Source, StimulusKind Kind, double[] Times, double SampleSeconds, double[][] Stimulus,
                               double[] Counts, string[] CellNames, long SpikesOutside, IReadOnlyList<string> Notes, double? Rate = null)
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

    /// <summary>
    /// Builds a recording from spike counts already on the stimulus clock ([cell][sample]). Counts must be whole numbers
    /// unless <paramref name="rates"/> says they are firing rates in Hz (then each becomes rate × Δt expected spikes).
    /// </summary>
    public static Recording FromCounts(string source, StimulusKind kind, double[] times, double sampleSeconds, double[][] stimulus,
                                       IReadOnlyList<double[]> counts, string[] names, IReadOnlyList<string>? notes = null, bool rates = false)
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
                    throw new ParsimonyException($"{source}: cell {c} has an invalid {(rates ? "rate" : "spike count")} {n} in row {t} " +
                                                 $"({(rates ? "rates" : "counts")} must be finite and ≥ 0).");
                if (!rates && n != Math.Floor(n))
                    throw new ParsimonyException($"{source}: cell {c} has the count {n:G6} in row {t}, which is not a whole number: spike counts are. " +
                                                 "If the column holds firing rates in Hz (or smoothed counts turned into rates), add {Rates}.");
                if (rates) n *= sampleSeconds;
                if (n > MaxCount)
                    throw new ParsimonyException($"{source}: cell {c} has {n:G3} spikes in row {t}, more than {MaxCount:G} in one sample: these are not spike counts.");
                flat[t * counts.Count + c] = n;
            }
        }
        return new Recording(source, kind, times, sampleSeconds, stimulus, flat, names, 0, notes ?? []);
    }

    /// <summary>
    /// Builds a recording from spike times in seconds ([cell][spike]) on an irregular clock: each spike is counted in
    /// the sample whose interval [t_k, t_k + Δt) contains it (see the <see cref="SampleClock"/> overload).
    /// </summary>
    public static Recording FromSpikeTimes(string source, StimulusKind kind, double[] times, double sampleSeconds, double[][] stimulus,
                                           IReadOnlyList<double[]> spikes, string[] names, IReadOnlyList<string>? notes = null) =>
        FromSpikeTimes(source, kind, new SampleClock(times, sampleSeconds), stimulus, spikes, 1, names, notes);

    /// <summary>
    /// Builds a recording from spike times ([cell][spike]) given in units of 1/<paramref name="unitsPerSecond"/> s: each
    /// spike is counted in <see cref="SampleClock.SampleOf"/>'s sample; spikes in no sample are dropped and counted.
    /// When most spikes miss the track the time bases must disagree (seconds read as milliseconds, another clock's
    /// origin): that is refused rather than measured from the few that land.
    /// </summary>
    public static Recording FromSpikeTimes(string source, StimulusKind kind, SampleClock clock, double[][] stimulus,
                                           IReadOnlyList<double[]> spikes, double unitsPerSecond, string[] names, IReadOnlyList<string>? notes = null)
    {
        int samples = clock.Samples, cells = spikes.Count;
        var flat = new double[samples * cells];
        long outside = 0, total = 0;
        for (int c = 0; c < cells; c++)
            foreach (double s in spikes[c])
            {
                total++;
                int k = clock.SampleOf(s, unitsPerSecond);
                if (k < 0) { outside++; continue; }
                flat[k * cells + c]++;
            }
        var allNotes = new List<string>(notes ?? []);
        string unit = unitsPerSecond == 1 ? "s" : unitsPerSecond == 1000 ? "ms" : $"1/{unitsPerSecond:G} s";
        if (total > 0 && 2 * outside > total)
            throw new ParsimonyException($"{source}: {outside} of {total} spike times ({100.0 * outside / total:F1}%) fall outside the tracked time " +
                                         $"[{clock.Times[0]:G6}, {clock.End:G6}] s (spike times read in {unit}, from {SpikeRange(spikes, unitsPerSecond)}). " +
                                         "Most spikes missing the track means the time bases disagree. Check {SpikeUnits} (s or ms), {TimeUnits} and {FrameRate}.");
        if (outside > 0)
            allNotes.Add($"{outside} of {total} spike times ({100.0 * outside / total:F1}%) fell outside the tracked time and were dropped.");
        return new Recording(source, kind, clock.Times, clock.SampleSeconds, stimulus, flat, names, outside, allNotes, clock.Rate);
    }

    static string SpikeRange(IReadOnlyList<double[]> spikes, double unitsPerSecond)
    {
        var finite = spikes.SelectMany(s => s).Where(double.IsFinite).ToArray();
        return finite.Length == 0 ? "no finite time" : $"{finite.Min() / unitsPerSecond:G6} to {finite.Max() / unitsPerSecond:G6} s";
    }
}
