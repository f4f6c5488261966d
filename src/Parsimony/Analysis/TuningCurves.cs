using Parsimony.Recordings;

namespace Parsimony.Analysis;

/// <summary>How a recording becomes rate maps.</summary>
/// <param name="Bins">Angular bins, or position bins per axis when <paramref name="BinSize"/> is not given.</param>
/// <param name="BinSize">Side of a square position bin, in position units.</param>
/// <param name="Extent">Position extent [xmin, xmax, ymin, ymax] (default: the data's range).</param>
/// <param name="MinSpeed">Keep samples moving at least this fast (position units/s, or rad/s for angles); 0 keeps all.</param>
/// <param name="Smooth">σ of the Gaussian applied to counts and occupancy separately, in bins; 0 = none.</param>
/// <param name="MinOccupancy">Bins with less (smoothed) occupancy, in seconds, are excluded: rate 0 and p 0.</param>
public sealed record RateMapOptions(int Bins = 60, double? BinSize = null, double[]? Extent = null, double MinSpeed = 0,
                                    double Smooth = 0, double MinOccupancy = 0)
{
    /// <summary>Throws an <see cref="OptionException"/> naming the first invalid value.</summary>
    public void Validate()
    {
        Rules.NonNegative(Smooth, nameof(Smooth));
        Rules.NonNegative(MinOccupancy, nameof(MinOccupancy));
        Rules.NonNegative(MinSpeed, nameof(MinSpeed));
    }
}

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

