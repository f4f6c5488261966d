using System.ComponentModel;
using System.Globalization;
using Parsimony.Analysis;
using Parsimony.Information;
using Parsimony.Recordings;
using Parsimony.Runs;

namespace Parsimony.Experiments.Info;

/// <summary>
/// Stimulus information of a recording (<c>parsimony info</c>): where the spikes and the stimulus are, how they become
/// rate maps, and the information measures with their shuffle null. Without <see cref="Input"/> the shipped mouse
/// head-direction recording is analysed with its own selectors (spec ssi.md §6.7).
/// </summary>
public sealed record InfoConfig : RunConfig
{
    /// <summary>The shipped recording, within the shared data folder (see <see cref="SharedData"/>).</summary>
    public const string ShippedRecording = "hd-mouse/dataHD.mat";

    /// <summary>Files with the spikes.</summary>
    [Alias("-i")]
    [Description("File(s) with the spikes: MAT v5, NWB/HDF5 or CSV; several for one spike-time file per cell. Without it: the shipped mouse head-direction recording (shared/data/hd-mouse/dataHD.mat, found above the current or the program's folder or in $PARSIMONY_DATA; counts Qrun, stimulus angRun:1, 10 ms rows).")]
    public string[]? Input { get; init; }

    /// <summary>File with the stimulus track.</summary>
    [Description("File with the stimulus track (default: the first input file).")]
    public string? StimulusFile { get; init; }

    /// <summary>Selector of binned counts.</summary>
    [Description("Binned spike counts, time × cells, one row per stimulus sample: NAME[:columns].")]
    public string? Counts { get; init; }

    /// <summary>Selector of spike times.</summary>
    [Description("Spike times: NAME[:column] (one cell per file) or NAME:time,id; NWB: a Units group (default units).")]
    public string? SpikeTimes { get; init; }

    /// <summary>Selector of the stimulus columns.</summary>
    [Description("Stimulus columns: NAME:column for an angle, NAME:x,y for a position; NWB: a SpatialSeries group (default: the first).")]
    public string? Stimulus { get; init; }

    /// <summary>Selector of the stimulus time column.</summary>
    [Description("Time column of the stimulus: NAME:column.")]
    public string? Time { get; init; }

    /// <summary>Angle or position.</summary>
    [Description("angle (radians, circular bins) or position (x, y grid).")]
    public StimulusKind StimulusKind { get; init; } = StimulusKind.Angle;

    /// <summary>Stimulus samples per second.</summary>
    [Description("Stimulus samples per second when there is no time column.")]
    public double? FrameRate { get; init; }

    /// <summary>Duration of one stimulus sample.</summary>
    [Description("Duration of one stimulus sample (default: 1/frame rate or the median time step).")]
    public double? SampleSeconds { get; init; }

    /// <summary>Units of the time column.</summary>
    [Description("Units of the time column.")]
    public TimeUnit TimeUnits { get; init; } = TimeUnit.S;

    /// <summary>Units of the spike times.</summary>
    [Description("Units of the spike times.")]
    public TimeUnit SpikeUnits { get; init; } = TimeUnit.S;

    /// <summary>Bins.</summary>
    [Description("Angular bins (60 = 6°), or position bins per axis.")]
    public int Bins { get; init; } = 60;

    /// <summary>Side of a square position bin.</summary>
    [Description("Side of a square position bin in position units (overrides the bins per axis).")]
    public double? BinSize { get; init; }

    /// <summary>Position extent.</summary>
    [Description("Position extent xmin,xmax,ymin,ymax (default: the data's range); positions outside are dropped.")]
    public string? Extent { get; init; }

    /// <summary>Speed filter.</summary>
    [Description("Keep samples at least this fast (position units/s, or rad/s for angles).")]
    public double MinSpeed { get; init; }

    /// <summary>Smoothing σ in bins.</summary>
    [Description("σ in bins of the Gaussian applied to counts and occupancy separately (reflect edges; wrap for angles; truncated at 4σ).")]
    public double Smooth { get; init; }

    /// <summary>Minimum occupancy in seconds.</summary>
    [Description("Exclude bins with less (smoothed) occupancy, in seconds.")]
    public double MinOccupancy { get; init; }

    /// <summary>Uniform bin probabilities.</summary>
    [Description("Weight bins uniformly instead of by occupancy.")]
    public bool UniformP { get; init; }

    /// <summary>The ε convention.</summary>
    [Description("exact (ε → 0 limit) or reference (the authors' eps constants, for parity).")]
    public InfoConvention Convention { get; init; } = InfoConvention.Exact;

    /// <summary>Circular-shift shuffles.</summary>
    [Description("Circular-shift shuffles for the null (0 = none).")]
    public int Shuffles { get; init; } = 100;

    /// <summary>Smallest circular shift.</summary>
    [Description("Smallest circular shift in seconds.")]
    public double MinShift { get; init; } = 20;

    /// <summary>Cells to analyse.</summary>
    [Description("Cells to analyse, 0-based: e.g. 0,3,5-9 (default all).")]
    public string? Cells { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        Source().Validate();
        RateMaps().Validate();
        Rules.Require(Shuffles == 0 || Shuffles >= 2, nameof(Shuffles), $"must be 0 (none) or at least 2 (got {Shuffles}).");
        Rules.Positive(MinShift, nameof(MinShift));
    }

    /// <summary>Where the recording's parts are (the shipped recording's selectors when no input is given).</summary>
    public RecordingSource Source()
    {
        bool shipped = Input is not { Length: > 0 };
        return new RecordingSource(shipped ? [SharedData.Find(ShippedRecording, nameof(Input))] : Input!, StimulusFile,
            Counts ?? (shipped ? "Qrun" : null), SpikeTimes, Stimulus ?? (shipped ? "angRun:1" : null), Time, StimulusKind, FrameRate,
            SampleSeconds ?? (shipped ? 0.01 : null), TimeUnits, SpikeUnits, ParseCells());
    }

    /// <summary>How the recording becomes rate maps.</summary>
    public RateMapOptions RateMaps() => new(Bins, BinSize, ParseExtent(), MinSpeed, Smooth, MinOccupancy);

    int[]? ParseCells()
    {
        if (string.IsNullOrWhiteSpace(Cells)) return null;
        var cells = new List<int>();
        foreach (var part in Cells.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-');
            Rules.Require(ends.Length is 1 or 2 && ends.All(e => int.TryParse(e, out _)), nameof(Cells),
                $"takes 0-based indices and ranges such as 0,3,5-9 (got '{part}').");
            int a = int.Parse(ends[0], CultureInfo.InvariantCulture), b = int.Parse(ends[^1], CultureInfo.InvariantCulture);
            Rules.Require(b >= a, nameof(Cells), $"has the range '{part}', which is backwards.");
            cells.AddRange(Enumerable.Range(a, b - a + 1));
        }
        return cells.ToArray();
    }

    double[]? ParseExtent()
    {
        if (Extent is null) return null;
        var values = Extent.Split(',').Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
        Rules.Require(values.Length == 4 && values.All(double.IsFinite), nameof(Extent), $"takes four numbers xmin,xmax,ymin,ymax (got '{Extent}').");
        return values;
    }
}
