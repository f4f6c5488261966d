using Parsimony.Recordings;

namespace Parsimony.Analysis;

/// <summary>What becomes of a bin whose (smoothed) occupancy is not above the minimum.</summary>
public enum LowOccupancy
{
    /// <summary>It leaves the measures: rate 0 and weight p = 0 (the information is over the well-sampled bins only).</summary>
    Exclude,
    /// <summary>It stays in p with rate 0 (recipe R1: uniform p = 1/396 over the whole 44 × 9 grid).</summary>
    ZeroRate,
}

/// <summary>The speed of the first sample, which has no predecessor to measure it from.</summary>
public enum FirstSpeed
{
    /// <summary>It takes the second sample's speed.</summary>
    Next,
    /// <summary>It has none, so a minimum speed drops it (recipe R1).</summary>
    None,
}

/// <summary>How a recording becomes rate maps.</summary>
/// <param name="Bins">Angular bins, or position bins per axis when <paramref name="BinSize"/> is not given.</param>
/// <param name="BinSize">Side of a square position bin, in position units.</param>
/// <param name="Extent">Position extent [xmin, xmax, ymin, ymax] (default: the data's range).</param>
/// <param name="MinSpeed">Keep samples moving at least this fast (position units/s, or rad/s for angles); 0 keeps all.</param>
/// <param name="Smooth">σ of the Gaussian applied to counts and occupancy separately, in bins; 0 = none.</param>
/// <param name="MinOccupancy">Bins whose (smoothed) occupancy is not above this, in seconds, get rate 0 (and p 0 when excluded).</param>
/// <param name="UpperEdge">Where a position exactly on the upper edge of the extent goes.</param>
/// <param name="LowOccupancy">What becomes of the bins below the minimum occupancy.</param>
/// <param name="FirstSpeed">The first sample's speed.</param>
/// <param name="Epochs">Time intervals to analyse (default: the whole recording).</param>
public sealed record RateMapOptions(int Bins = 60, double? BinSize = null, double[]? Extent = null, double MinSpeed = 0,
                                    double Smooth = 0, double MinOccupancy = 0, UpperEdge UpperEdge = UpperEdge.LastBin,
                                    LowOccupancy LowOccupancy = LowOccupancy.Exclude, FirstSpeed FirstSpeed = FirstSpeed.Next, Epochs? Epochs = null)
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
/// <param name="OutsideEpochs">Dropped because their time lies in no analysed interval.</param>
public sealed record SampleFilter(int Kept, int NonFinite, int OutsideExtent, int TooSlow, int OutsideEpochs = 0)
{
    /// <summary>All samples, kept or dropped.</summary>
    public int Total => Kept + NonFinite + OutsideExtent + TooSlow + OutsideEpochs;

    /// <summary>The counts of several recordings together.</summary>
    public static SampleFilter Sum(IEnumerable<SampleFilter> filters) => filters.Aggregate(new SampleFilter(0, 0, 0, 0),
        (a, b) => new SampleFilter(a.Kept + b.Kept, a.NonFinite + b.NonFinite, a.OutsideExtent + b.OutsideExtent, a.TooSlow + b.TooSlow, a.OutsideEpochs + b.OutsideEpochs));
}

/// <summary>
/// Firing rates of cells over stimulus bins, with the occupancy they came from (results carry their provenance).
/// </summary>
/// <param name="Binning">The bins.</param>
/// <param name="Rates">[cells][bins] rate in Hz (smoothed counts / smoothed occupancy); 0 in bins not <paramref name="Included"/>.</param>
/// <param name="OccupancySeconds">(Smoothed) time in each bin.</param>
/// <param name="Included">Whether each bin's occupancy is above the minimum (its rate is estimated).</param>
/// <param name="SpikeCounts">Spikes per cell over the kept samples (expected spikes when the input was rates).</param>
/// <param name="TotalSeconds">Kept time in seconds.</param>
/// <param name="Samples">Kept and dropped samples.</param>
/// <param name="LowOccupancy">What the bins not included count for in p.</param>
/// <param name="CellSeconds">Kept time of each cell's own recording (default: <paramref name="TotalSeconds"/> for every cell).</param>
public sealed record TuningCurves(StimulusBinning Binning, double[][] Rates, double[] OccupancySeconds, bool[] Included, double[] SpikeCounts,
                                  double TotalSeconds, SampleFilter Samples, LowOccupancy LowOccupancy = LowOccupancy.Exclude, double[]? CellSeconds = null)
{
    /// <summary>Bins whose occupancy is not above the minimum.</summary>
    public int ExcludedBins => Included.Count(i => !i);

    /// <summary>The kept time of <paramref name="cell"/>'s recording, in seconds.</summary>
    public double SecondsOf(int cell) => CellSeconds?[cell] ?? TotalSeconds;

    /// <summary>
    /// Bin probabilities: occupancy / total, or uniform — over the included bins (<see cref="LowOccupancy.Exclude"/>),
    /// or over every bin with the low ones at rate 0 (<see cref="LowOccupancy.ZeroRate"/>: uniform p = 1/K).
    /// </summary>
    public double[] Probabilities(bool uniform)
    {
        var counted = LowOccupancy == LowOccupancy.Exclude ? Included : Included.Select(_ => true).ToArray();
        int bins = counted.Count(c => c);
        double total = OccupancySeconds.Where((_, b) => counted[b]).Sum();
        return OccupancySeconds.Select((o, b) => !counted[b] ? 0 : uniform ? 1.0 / bins : o / total).ToArray();
    }

    /// <summary>Rate maps of <paramref name="recording"/> under <paramref name="options"/>.</summary>
    public static TuningCurves Compute(Recording recording, RateMapOptions options) => new BinnedRecording(recording, options).Curves();
}
