using Parsimony.Recordings;

namespace Parsimony.Analysis;

/// <summary>
/// A recording with every sample assigned to a bin (or dropped), computed once so that rate maps of circularly
/// shifted spike trains (shuffle nulls) cost one pass over the samples each — or, for sparse spike counts, one pass
/// over each cell's spikes (kept as a list on first use); the occupancy does not depend on the shift and is kept too.
/// </summary>
public sealed class BinnedRecording
{
    readonly int[] sampleBins;
    readonly Lazy<double[]> occupancy;
    readonly Lazy<SpikeLists?> spikes;

    /// <summary>
    /// Assigns every sample of <paramref name="recording"/> to a bin of <paramref name="binning"/> (default: the bins
    /// <paramref name="options"/> make for this recording; a pooled population passes its common grid).
    /// </summary>
    public BinnedRecording(Recording recording, RateMapOptions options, StimulusBinning? binning = null)
    {
        options.Validate();
        Recording = recording;
        Options = options;
        Binning = binning ?? For(recording, options);
        var speed = options.MinSpeed > 0 ? Speeds(recording, options.FirstSpeed) : null;
        sampleBins = new int[recording.Samples];
        int nonFinite = 0, outside = 0, slow = 0, offEpoch = 0;
        var s = recording.Stimulus;
        for (int t = 0; t < recording.Samples; t++)
        {
            double x = s[0][t], y = s.Length > 1 ? s[1][t] : 0;
            int bin = -1;
            if (options.Epochs is { } epochs && !epochs.Contains(recording.Times[t])) offEpoch++;
            else if (!double.IsFinite(x) || !double.IsFinite(y)) nonFinite++;
            else if ((bin = Binning.BinOf(x, y)) < 0) outside++;
            else if (speed is not null && !(speed[t] >= options.MinSpeed)) { slow++; bin = -1; }
            sampleBins[t] = bin;
        }
        Samples = new SampleFilter(recording.Samples - nonFinite - outside - slow - offEpoch, nonFinite, outside, slow, offEpoch);
        occupancy = new(Occupancy);
        spikes = new(() => SpikeLists.Of(recording));
        if (Samples.Kept == 0)
            throw new ParsimonyException($"{recording.Source}: no sample is left after filtering ({offEpoch} outside the epochs, {nonFinite} non-finite, " +
                                         $"{outside} outside the extent, {slow} below the minimum speed {options.MinSpeed}): the occupancy is zero everywhere.");
    }

    /// <summary>The bins <paramref name="options"/> make for <paramref name="recording"/>'s stimulus.</summary>
    public static StimulusBinning For(Recording recording, RateMapOptions options) => recording.Kind == StimulusKind.Angle
        ? StimulusBinning.Angle(options.Bins)
        : StimulusBinning.Position(recording, options.Bins, options.BinSize, options.Extent, options.UpperEdge);

    /// <summary>The recording.</summary>
    public Recording Recording { get; }
    /// <summary>The options.</summary>
    public RateMapOptions Options { get; }
    /// <summary>The bins.</summary>
    public StimulusBinning Binning { get; }
    /// <summary>Kept and dropped samples.</summary>
    public SampleFilter Samples { get; }

    /// <summary>
    /// Rate maps with every spike train shifted circularly by <paramref name="shift"/> samples against the stimulus
    /// (the count of sample t − shift is attributed to sample t's bin); 0 gives the observed maps.
    /// </summary>
    public TuningCurves Curves(int shift = 0)
    {
        var r = Recording;
        int cells = r.Cells, samples = r.Samples;
        shift = ((shift % samples) + samples) % samples;
        var sums = shift != 0 && spikes.Value is { } lists ? lists.Sums(sampleBins, shift, Binning.Count) : DenseSums(shift);
        var total = sums.Select(bins => bins.Sum()).ToArray();
        bool circular = Binning.Kind == StimulusKind.Angle;
        double sigma = Options.Smooth;
        var occ = occupancy.Value;
        var included = occ.Select(o => o > Options.MinOccupancy).ToArray();
        Rules.Require(included.Any(i => i), "MinOccupancy", $"of {Options.MinOccupancy} s excludes every bin of {r.Source}; lower it or use larger bins.");
        var rates = new double[cells][];
        Parallel.For(0, cells, c =>
        {
            var smoothed = GaussianSmoothing.Smooth(sums[c], Binning.BinsX, Binning.BinsY, sigma, circular);
            rates[c] = smoothed.Select((v, b) => included[b] ? v / occ[b] : 0).ToArray();
        });
        for (int c = 0; c < rates.Length; c++)
            if (rates[c].Any(v => !double.IsFinite(v)))
                throw new ParsimonyException($"{r.Source}: the rates of {r.CellNames[c]} overflow (spike counts up to {r.Counts.Where((_, i) => i % cells == c).Max():G3} in one sample): these are not spike counts.");
        return new TuningCurves(Binning, rates, (double[])occ.Clone(), included, total, Samples.Kept * r.SampleSeconds, Samples, Options.LowOccupancy);
    }

    /// <summary>The (smoothed) seconds spent in each bin.</summary>
    double[] Occupancy()
    {
        var seconds = new double[Binning.Count];
        foreach (int bin in sampleBins)
            if (bin >= 0) seconds[bin] += Recording.SampleSeconds;
        return GaussianSmoothing.Smooth(seconds, Binning.BinsX, Binning.BinsY, Options.Smooth, Binning.Kind == StimulusKind.Angle);
    }

    /// <summary>Spike counts per cell and bin, the count of sample t − <paramref name="shift"/> attributed to sample t's bin, over all samples.</summary>
    double[][] DenseSums(int shift)
    {
        var r = Recording;
        int cells = r.Cells, samples = r.Samples;
        var maps = new RateMapAccumulator(cells, Binning.Count);
        for (int t = 0; t < samples; t++)
        {
            int source = t - shift < 0 ? t - shift + samples : t - shift;
            maps.Add(sampleBins[t], r.Counts.AsSpan(source * cells, cells), r.SampleSeconds);
        }
        return maps.Sums;
    }

    /// <summary>
    /// Speed of each sample from its predecessor: |Δposition|/Δt, or |wrapped Δθ|/Δt for angles (|Δ|·rate on a regular
    /// clock); the first sample takes
    /// the second's, or has none (NaN: dropped by any minimum speed).
    /// </summary>
    static double[] Speeds(Recording r, FirstSpeed first)
    {
        var speed = new double[r.Samples];
        for (int t = 1; t < r.Samples; t++)
        {
            double d = r.Kind == StimulusKind.Angle
                ? Math.Abs(Math.IEEERemainder(r.Stimulus[0][t] - r.Stimulus[0][t - 1], 2 * Math.PI))
                : Math.Sqrt(Square(r.Stimulus[0][t] - r.Stimulus[0][t - 1]) + Square(r.Stimulus[1][t] - r.Stimulus[1][t - 1]));
            if (r.Rate is { } rate) { speed[t] = d * rate; continue; }          // a regular clock: |Δ| × frame rate (recipe R1)
            double dt = r.Times[t] - r.Times[t - 1];
            speed[t] = d / (dt > 0 ? dt : r.SampleSeconds);
        }
        speed[0] = first == FirstSpeed.Next && r.Samples > 1 ? speed[1] : double.NaN;
        return speed;

        static double Square(double v) => v * v;
    }

    /// <summary>Each cell's non-zero spike counts with their samples, ascending; built only when they are sparse.</summary>
    sealed class SpikeLists(int[][] samples, double[][] counts)
    {
        /// <summary>The lists of <paramref name="recording"/>, or null when more than a quarter of its counts are non-zero.</summary>
        public static SpikeLists? Of(Recording recording)
        {
            int cells = recording.Cells;
            var perCell = new int[cells];
            long nonZero = 0;
            for (int i = 0; i < recording.Counts.Length; i++)
                if (recording.Counts[i] != 0) { perCell[i % cells]++; nonZero++; }
            if (nonZero > recording.Counts.Length / 4) return null;
            var samples = perCell.Select(n => new int[n]).ToArray();
            var counts = perCell.Select(n => new double[n]).ToArray();
            Array.Clear(perCell);
            for (int i = 0; i < recording.Counts.Length; i++)
                if (recording.Counts[i] != 0)
                {
                    int c = i % cells, k = perCell[c]++;
                    (samples[c][k], counts[c][k]) = (i / cells, recording.Counts[i]);
                }
            return new SpikeLists(samples, counts);
        }

        /// <summary>
        /// The same sums as the dense pass over the samples, in the same order (the spikes whose shifted sample wraps
        /// around come first), so the results are identical.
        /// </summary>
        public double[][] Sums(int[] sampleBins, int shift, int bins)
        {
            int total = sampleBins.Length;
            var sums = new double[samples.Length][];
            Parallel.For(0, samples.Length, c =>
            {
                var sum = sums[c] = new double[bins];
                int[] at = samples[c];
                int wrap = Array.BinarySearch(at, total - shift);
                if (wrap < 0) wrap = ~wrap;
                for (int k = wrap; k < at.Length; k++) Add(sum, sampleBins[at[k] + shift - total], counts[c][k]);
                for (int k = 0; k < wrap; k++) Add(sum, sampleBins[at[k] + shift], counts[c][k]);
            });
            return sums;

            static void Add(double[] sum, int bin, double count)
            {
                if (bin >= 0) sum[bin] += count;
            }
        }
    }
}
