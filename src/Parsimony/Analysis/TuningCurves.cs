using Parsimony.Recordings;

namespace Parsimony.Analysis;

/// <summary>How a recording becomes rate maps.</summary>
/// <param name="Bins">Angular bins, or position bins per axis when <paramref name="BinSize"/> is not given.</param>
/// <param name="BinSize">Side of a square position bin, in position units.</param>
/// <param name="Extent">Position extent [xmin, xmax, ymin, ymax] (default: the data's range).</param>
/// <param name="MinSpeed">Keep samples moving at least this fast (position units/s, or rad/s for angles); 0 keeps all.</param>
/// <param name="SmoothingBins">σ of the Gaussian applied to counts and occupancy separately, in bins; 0 = none.</param>
/// <param name="MinOccupancySeconds">Bins with less (smoothed) occupancy are excluded: rate 0 and p 0.</param>
public sealed record RateMapOptions(int Bins = 60, double? BinSize = null, double[]? Extent = null, double MinSpeed = 0,
                                    double SmoothingBins = 0, double MinOccupancySeconds = 0);

/// <summary>What happened to the stimulus samples.</summary>
/// <param name="Kept">Samples used.</param>
/// <param name="NonFinite">Dropped because the stimulus was NaN or infinite.</param>
/// <param name="OutsideExtent">Dropped because the position was outside the binned extent.</param>
/// <param name="TooSlow">Dropped by the speed filter.</param>
public sealed record SampleFilter(int Kept, int NonFinite, int OutsideExtent, int TooSlow);

/// <summary>
/// Firing rates of cells over stimulus bins, with the occupancy they came from (results carry their provenance).
/// </summary>
/// <param name="Binning">The bins.</param>
/// <param name="Rates">[cells][bins] rate in Hz (smoothed counts / smoothed occupancy); 0 in excluded bins.</param>
/// <param name="OccupancySeconds">(Smoothed) time in each bin; 0 in excluded bins.</param>
/// <param name="SpikeCounts">Spikes per cell over the kept samples.</param>
/// <param name="TotalSeconds">Kept time in seconds.</param>
/// <param name="Samples">Kept and dropped samples.</param>
public sealed record TuningCurves(StimulusBinning Binning, double[][] Rates, double[] OccupancySeconds, long[] SpikeCounts,
                                  double TotalSeconds, SampleFilter Samples)
{
    /// <summary>Bins excluded for too little occupancy (or none).</summary>
    public int ExcludedBins => OccupancySeconds.Count(o => o <= 0);

    /// <summary>Bin probabilities: occupancy / total, or uniform over the bins kept.</summary>
    public double[] Probabilities(bool uniform)
    {
        int kept = OccupancySeconds.Count(o => o > 0);
        double total = OccupancySeconds.Sum();
        return OccupancySeconds.Select(o => o <= 0 ? 0 : uniform ? 1.0 / kept : o / total).ToArray();
    }

    /// <summary>Rate maps of <paramref name="recording"/> under <paramref name="options"/>.</summary>
    public static TuningCurves Compute(Recording recording, RateMapOptions options) => new BinnedRecording(recording, options).Curves();
}

/// <summary>
/// A recording with every sample assigned to a bin (or dropped), computed once so that rate maps of circularly
/// shifted spike trains (shuffle nulls) cost one pass over the samples each.
/// </summary>
public sealed class BinnedRecording
{
    readonly int[] sampleBins;

    /// <summary>Assigns every sample of <paramref name="recording"/> to a bin.</summary>
    public BinnedRecording(Recording recording, RateMapOptions options)
    {
        if (options.SmoothingBins < 0) throw new ParsimonyException($"--smooth must be ≥ 0 bins (got {options.SmoothingBins}).");
        if (options.MinOccupancySeconds < 0) throw new ParsimonyException($"--min-occupancy must be ≥ 0 s (got {options.MinOccupancySeconds}).");
        if (options.MinSpeed < 0) throw new ParsimonyException($"--min-speed must be ≥ 0 (got {options.MinSpeed}).");
        Recording = recording;
        Options = options;
        Binning = recording.Kind == StimulusKind.Angle ? StimulusBinning.Angle(options.Bins)
            : StimulusBinning.Position(recording, options.Bins, options.BinSize, options.Extent);
        var speed = options.MinSpeed > 0 ? Speeds(recording) : null;
        sampleBins = new int[recording.Samples];
        int nonFinite = 0, outside = 0, slow = 0;
        var s = recording.Stimulus;
        for (int t = 0; t < recording.Samples; t++)
        {
            double x = s[0][t], y = s.Length > 1 ? s[1][t] : 0;
            int bin = -1;
            if (!double.IsFinite(x) || !double.IsFinite(y)) nonFinite++;
            else if ((bin = Binning.BinOf(x, y)) < 0) outside++;
            else if (speed is not null && !(speed[t] >= options.MinSpeed)) { slow++; bin = -1; }
            sampleBins[t] = bin;
        }
        Samples = new SampleFilter(recording.Samples - nonFinite - outside - slow, nonFinite, outside, slow);
        if (Samples.Kept == 0)
            throw new ParsimonyException($"{recording.Source}: no sample is left after filtering ({nonFinite} non-finite, {outside} outside the extent, " +
                                         $"{slow} below --min-speed {options.MinSpeed}): the occupancy is zero everywhere.");
    }

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
        int bins = Binning.Count, cells = r.Cells, samples = r.Samples;
        var occupancy = new double[bins];
        var counts = new double[cells][];
        for (int c = 0; c < cells; c++) counts[c] = new double[bins];
        var total = new long[cells];
        shift = ((shift % samples) + samples) % samples;
        for (int t = 0; t < samples; t++)
        {
            int bin = sampleBins[t];
            if (bin < 0) continue;
            occupancy[bin] += r.SampleSeconds;
            int source = t - shift < 0 ? t - shift + samples : t - shift;
            var row = r.Counts.AsSpan(source * cells, cells);
            for (int c = 0; c < cells; c++)
            {
                counts[c][bin] += row[c];
                total[c] += (long)row[c];
            }
        }
        double kept = Samples.Kept * r.SampleSeconds;
        bool circular = Binning.Kind == StimulusKind.Angle;
        double sigma = Options.SmoothingBins;
        var occ = GaussianSmoothing.Smooth(occupancy, Binning.BinsX, Binning.BinsY, sigma, circular);
        for (int b = 0; b < bins; b++)
            if (!(occ[b] > Options.MinOccupancySeconds)) occ[b] = 0;
        if (occ.All(o => o == 0))
            throw new ParsimonyException($"{r.Source}: every bin has less than --min-occupancy {Options.MinOccupancySeconds} s; lower it or use larger bins.");
        var rates = counts.Select(n =>
        {
            var smoothed = GaussianSmoothing.Smooth(n, Binning.BinsX, Binning.BinsY, sigma, circular);
            return smoothed.Select((v, b) => occ[b] > 0 ? v / occ[b] : 0).ToArray();
        }).ToArray();
        return new TuningCurves(Binning, rates, occ, total, kept, Samples);
    }

    /// <summary>Speed of each sample: |Δposition|/Δt, or |wrapped Δθ|/Δt for angles (the first sample takes the second's).</summary>
    static double[] Speeds(Recording r)
    {
        var speed = new double[r.Samples];
        for (int t = 1; t < r.Samples; t++)
        {
            double dt = r.Times[t] - r.Times[t - 1];
            if (dt <= 0) dt = r.SampleSeconds;
            double d = r.Kind == StimulusKind.Angle
                ? Math.Abs(Math.IEEERemainder(r.Stimulus[0][t] - r.Stimulus[0][t - 1], 2 * Math.PI))
                : Math.Sqrt(Square(r.Stimulus[0][t] - r.Stimulus[0][t - 1]) + Square(r.Stimulus[1][t] - r.Stimulus[1][t - 1]));
            speed[t] = d / dt;
        }
        if (r.Samples > 1) speed[0] = speed[1];
        return speed;

        static double Square(double v) => v * v;
    }
}
