using System.ComponentModel;
using System.Globalization;
using Parsimony.Analysis;
using Parsimony.Information;
using Parsimony.Recordings;
using Parsimony.Runs;

namespace Parsimony.Experiments.Info;

/// <summary>The published analyses <c>info</c> can run as one option (spec ssi.md §2.1 and §6.7).</summary>
public enum InfoRecipe
{
    /// <summary>No recipe: every option as given.</summary>
    None,
    /// <summary>The corrected monkey place-cell recipe R1 (§2.1): 10-unit bins on [0, 440) × [0, 90), speed ≥ 20 units/s, σ = 1.5 bins, occupancy &gt; 0.125 s, uniform p over all 396 bins.</summary>
    R1,
    /// <summary>The mouse head-direction recipe R2 (§6.7): 60 bins of 6°, occupancy p, no smoothing.</summary>
    R2,
}

/// <summary>
/// Stimulus information of a recording (<c>parsimony info</c>): where the spikes and the stimulus are (one recording,
/// or several recording sessions pooled on one grid), how they become rate maps, and the information measures with
/// their shuffle null and bias corrections. Without <see cref="Input"/> the shipped mouse head-direction recording is
/// analysed with its own selectors (spec ssi.md §6.7). A <see cref="Recipe"/> sets every option of a published analysis.
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

    /// <summary>Recording sessions, each STIMULUS=SPIKES[,SPIKES…].</summary>
    [Description("A recording session: STIMULUS_FILE=SPIKE_FILE[,SPIKE_FILE…]; repeat it to pool sessions. Each session's spikes are binned against its own stimulus file, clock and occupancy; the cells then form one population on one grid (positions need --extent). Replaces --input and --stimulus-file.")]
    public string[]? Session { get; init; }

    /// <summary>A published analysis.</summary>
    [Description("A published analysis, setting every option it names (options you type win and are listed in the report): r1 (monkey place cells, spec ssi.md §2.1: --session POSITION=SPIKES per recording), r2 (the mouse head-direction recording, §6.7), none.")]
    public InfoRecipe Recipe { get; init; }

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

    /// <summary>Whether the counts are rates.</summary>
    [Description("The --counts columns hold firing rates in Hz, not whole spike counts (each becomes rate × sample duration expected spikes).")]
    public bool Rates { get; init; }

    /// <summary>Units of an angle stimulus.</summary>
    [Description("Units of an angle stimulus (radians must lie in [-2π, 4π]).")]
    public AngleUnit AngleUnits { get; init; } = AngleUnit.Rad;

    /// <summary>Time intervals to analyse.</summary>
    [Description("Analyse only these time intervals, in seconds: start:end[,start:end…], or a file with one start,end per line (pynapple's restrict: start ≤ t ≤ end).")]
    public string? Epochs { get; init; }

    /// <summary>Bins.</summary>
    [Description("Angular bins (60 = 6°), or position bins per axis.")]
    public int Bins { get; init; } = 60;

    /// <summary>Side of a square position bin.</summary>
    [Description("Side of a square position bin in position units (overrides the bins per axis).")]
    public double? BinSize { get; init; }

    /// <summary>Position extent.</summary>
    [Description("Position extent xmin,xmax,ymin,ymax (default: the data's range); positions outside are dropped.")]
    public string? Extent { get; init; }

    /// <summary>Where a position on the upper edge goes.</summary>
    [Description("A position exactly on the extent's upper edge (x = xmax or y = ymax): last-bin (into the last bin, as numpy's histogram2d) or drop (bins are half-open [lo, hi), recipe R1).")]
    public UpperEdge UpperEdge { get; init; } = UpperEdge.LastBin;

    /// <summary>Speed filter.</summary>
    [Description("Keep samples at least this fast (position units/s, or rad/s for angles), the speed measured from the previous sample.")]
    public double MinSpeed { get; init; }

    /// <summary>The first sample's speed.</summary>
    [Description("The first sample's speed, which has no previous sample: next (it takes the second's) or none (so --min-speed drops it; recipe R1).")]
    public FirstSpeed FirstSpeed { get; init; } = FirstSpeed.Next;

    /// <summary>Smoothing σ in bins.</summary>
    [Description("σ in bins of the Gaussian applied to counts and occupancy separately (reflect edges; wrap for angles; truncated at 4σ).")]
    public double Smooth { get; init; }

    /// <summary>Minimum occupancy in seconds.</summary>
    [Description("Bins whose (smoothed) occupancy is not above this, in seconds, get rate 0 (see --low-occupancy).")]
    public double MinOccupancy { get; init; }

    /// <summary>What low-occupancy bins count for.</summary>
    [Description("Bins at or below --min-occupancy: exclude (they leave p: the measures cover the well-sampled bins) or zero-rate (they stay in p with rate 0; recipe R1).")]
    public LowOccupancy LowOccupancy { get; init; } = LowOccupancy.Exclude;

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
        Rules.Require(Recipe != InfoRecipe.R1 || Session is { Length: > 0 } || Input is { Length: > 0 }, nameof(Recipe),
            "r1 analyses the monkey recordings (spec ssi.md §2.1), which are not shipped: give each recording as {Session} POSITION.mat=SPIKES.mat.");
        foreach (var source in Sources()) source.Validate();
        RateMaps().Validate();
        Rules.Require(Shuffles == 0 || Shuffles >= 2, nameof(Shuffles), $"must be 0 (none) or at least 2 (got {Shuffles}).");
        Rules.Positive(MinShift, nameof(MinShift));
    }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?>? PresetOptions() => Recipe switch
    {
        InfoRecipe.R1 => new Dictionary<string, object?>
        {
            // The files' layout (MonkeyPosition_ID*.mat: int16 [frame, x, y] at 30 fps; SpikeTimeStamp_ID*.mat: spike times in ms) …
            [nameof(SpikeTimes)] = "SpTimeStamp", [nameof(SpikeUnits)] = TimeUnit.Ms, [nameof(Stimulus)] = "MonkeyPosition:1,2",
            [nameof(StimulusKind)] = StimulusKind.Position, [nameof(FrameRate)] = 30.0,
            // … and the analysis, step by step as in §2.1.
            [nameof(Extent)] = "0,440,0,90", [nameof(BinSize)] = 10.0, [nameof(UpperEdge)] = UpperEdge.Drop,
            [nameof(MinSpeed)] = 20.0, [nameof(FirstSpeed)] = FirstSpeed.None,
            [nameof(Smooth)] = 1.5, [nameof(MinOccupancy)] = 0.125, [nameof(LowOccupancy)] = LowOccupancy.ZeroRate,
            [nameof(UniformP)] = true, [nameof(Convention)] = InfoConvention.Reference,
        },
        InfoRecipe.R2 => new Dictionary<string, object?>
        {
            [nameof(Counts)] = "Qrun", [nameof(Stimulus)] = "angRun:1", [nameof(SampleSeconds)] = 0.01, [nameof(StimulusKind)] = StimulusKind.Angle,
            [nameof(Bins)] = 60, [nameof(MinSpeed)] = 0.0, [nameof(Smooth)] = 0.0, [nameof(MinOccupancy)] = 0.0,
            [nameof(UniformP)] = false, [nameof(Convention)] = InfoConvention.Reference,
        },
        _ => null,
    };

    /// <summary>Where each recording session's parts are (one session without <see cref="Session"/>).</summary>
    public IReadOnlyList<RecordingSource> Sources()
    {
        if (Session is not { Length: > 0 }) return [Source()];
        Rules.Require(Input is not { Length: > 0 } && StimulusFile is null, nameof(Session),
            "replaces {Input} and {StimulusFile}: give every recording as STIMULUS_FILE=SPIKE_FILE[,SPIKE_FILE…].");
        return Session.Select(text =>
        {
            var parts = text.Split('=', 2);
            var spikes = parts.Length == 2 ? parts[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
            Rules.Require(parts.Length == 2 && parts[0].Trim().Length > 0 && spikes.Length > 0, nameof(Session),
                $"takes STIMULUS_FILE=SPIKE_FILE[,SPIKE_FILE…] (got '{Text.Quote(text)}').");
            return Source() with { Input = spikes, StimulusFile = parts[0].Trim(), Cells = null };
        }).ToArray();
    }

    /// <summary>Where the recording's parts are (the shipped recording's selectors when no input is given).</summary>
    public RecordingSource Source()
    {
        bool shipped = Input is not { Length: > 0 } && Session is not { Length: > 0 };
        return new RecordingSource(shipped ? [SharedData.Find(ShippedRecording, nameof(Input))] : Input ?? [], StimulusFile,
            Counts ?? (shipped ? "Qrun" : null), SpikeTimes, Stimulus ?? (shipped ? "angRun:1" : null), Time, StimulusKind, FrameRate,
            SampleSeconds ?? (shipped ? 0.01 : null), TimeUnits, SpikeUnits, ParseCells(), Rates, AngleUnits);
    }

    /// <summary>How the recording becomes rate maps.</summary>
    public RateMapOptions RateMaps() => new(Bins, BinSize, ParseExtent(), MinSpeed, Smooth, MinOccupancy, UpperEdge, LowOccupancy, FirstSpeed,
                                            Epochs is null ? null : Analysis.Epochs.Parse(Epochs, nameof(Epochs)));

    /// <summary>The cells to analyse (0-based over the whole population), or null for all.</summary>
    public int[]? SelectedCells() => ParseCells();

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
