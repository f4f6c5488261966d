using Parsimony.Recordings.Formats;

namespace Parsimony.Recordings;

/// <summary>Units of a time column.</summary>
public enum TimeUnit
{
    /// <summary>Seconds.</summary>
    S,
    /// <summary>Milliseconds.</summary>
    Ms,
}

/// <summary>Units of an angle track.</summary>
public enum AngleUnit
{
    /// <summary>Radians.</summary>
    Rad,
    /// <summary>Degrees.</summary>
    Deg,
}

/// <summary>
/// Where a recording's parts are and how to read them. Spikes come either as binned counts (<see cref="Counts"/>, time ×
/// cells, one row per stimulus sample) or as spike times (<see cref="SpikeTimes"/>, one file per cell or a table).
/// The stimulus has its own clock: a time column, an NWB series' timestamps/rate, a frame rate, or a sample duration.
/// </summary>
/// <param name="Input">Files holding the spikes (several when each holds one cell's spike times).</param>
/// <param name="StimulusFile">File holding the stimulus track (default: the first spike file).</param>
/// <param name="Counts">Selector of binned counts, time × cells.</param>
/// <param name="SpikeTimes">Selector of spike times (NWB: a Units group, default <c>units</c>).</param>
/// <param name="Stimulus">Selector of the stimulus columns (angle, or x and y); for NWB a SpatialSeries group (default: the first).</param>
/// <param name="Time">Selector of the stimulus time column, if any.</param>
/// <param name="StimulusKind">Angle or position.</param>
/// <param name="FrameRate">Stimulus samples per second when there is no time column.</param>
/// <param name="SampleSeconds">Duration of one stimulus sample (default: 1/frame rate, or the median step of the time column).</param>
/// <param name="TimeUnits">Units of the time column.</param>
/// <param name="SpikeUnits">Units of the spike times.</param>
/// <param name="Cells">0-based cells to keep (default all).</param>
/// <param name="Rates">Whether <paramref name="Counts"/> holds firing rates in Hz rather than whole spike counts.</param>
/// <param name="AngleUnits">Units of an angle track.</param>
public sealed record RecordingSource(IReadOnlyList<string> Input, string? StimulusFile, string? Counts, string? SpikeTimes,
                                     string? Stimulus, string? Time, StimulusKind StimulusKind, double? FrameRate = null, double? SampleSeconds = null,
                                     TimeUnit TimeUnits = TimeUnit.S, TimeUnit SpikeUnits = TimeUnit.S, IReadOnlyList<int>? Cells = null,
                                     bool Rates = false, AngleUnit AngleUnits = AngleUnit.Rad)
{
    /// <summary>Angles must lie in [−2π, 4π] radians: wider ranges are degrees (or unwrapped tracks) read as radians.</summary>
    public const double AngleLimitLow = -2 * Math.PI, AngleLimitHigh = 4 * Math.PI;

    /// <summary>Reads the files and puts the spikes on the stimulus clock.</summary>
    public Recording Load()
    {
        Validate();
        var opened = new Dictionary<string, DataFile>();
        try { return Load(path => opened.TryGetValue(path, out var f) ? f : opened[path] = DataFile.Open(path)); }
        finally { foreach (var f in opened.Values) f.Dispose(); }
    }

    /// <summary>Throws an <see cref="OptionException"/> for options that cannot describe a recording, before any file is read.</summary>
    public void Validate()
    {
        Rules.Require(Input.Count > 0, nameof(Input), "names no file: give the file(s) with the spikes.");
        foreach (var file in Input) MustExist(file, nameof(Input));
        if (StimulusFile is { } stimulusFile) MustExist(stimulusFile, nameof(StimulusFile));
        Rules.Require(Counts is null || SpikeTimes is null, nameof(Counts), "and {SpikeTimes} exclude each other: give one of them.");
        if (FrameRate is { } fr) Rules.Positive(fr, nameof(FrameRate));
        if (SampleSeconds is { } ss) Rules.Positive(ss, nameof(SampleSeconds));
        Rules.Require(Counts is null || Input.Count == 1, nameof(Input),
            "names several files, but binned counts come from one file; several files are for spike times (one file per cell).");
        Rules.Require(!Rates || Counts is not null, nameof(Rates), "describes binned counts ({Counts}); spike times are times, not rates.");
    }

    static void MustExist(string path, string property)
    {
        Rules.Require(!Directory.Exists(path), property, $"is '{path}', which is a directory: give the file itself.");
        Rules.Require(File.Exists(path), property, $"is '{path}', which does not exist.");
    }

    /// <summary>The recording, each file opened once through <paramref name="open"/>.</summary>
    Recording Load(Func<string, DataFile> open)
    {
        var stimulusFile = open(StimulusFile ?? Input[0]);
        var (stimulus, clock) = ReadStimulus(stimulusFile);
        var times = clock.Times;
        double dt = clock.SampleSeconds;
        string source = string.Join(", ", Input.Append(stimulusFile.Path).Distinct());
        var notes = new List<string>();
        int nonFinite = Enumerable.Range(0, times.Length).Count(t => stimulus.Any(d => !double.IsFinite(d[t])));
        if (nonFinite == times.Length) throw new ParsimonyException($"{stimulusFile.Path}: every stimulus sample is NaN or infinite.");
        if (nonFinite > 0) notes.Add($"{nonFinite} stimulus samples are NaN or infinite; they are dropped.");

        Recording recording;
        var spikeFile = open(Input[0]);
        if (Counts is not null || SpikeTimes is null && spikeFile.Format != DataFormat.Nwb)
        {
            if (Counts is null) throw new ParsimonyException($"{spikeFile.Path}: say where the spikes are: {{Counts}} NAME (time × cells) or {{SpikeTimes}} NAME.");
            var counts = spikeFile.Columns(Counts);
            recording = Recording.FromCounts(source, StimulusKind, times, dt, stimulus, counts, Names(counts.Length), notes, Rates) with { Rate = clock.Rate };
        }
        else
        {
            var spikes = new List<double[]>();
            var names = new List<string>();
            foreach (var path in Input)
            {
                var file = open(path);
                var (cellTimes, cellNames) = file.SpikeTimes(SpikeTimes);
                spikes.AddRange(cellTimes);
                names.AddRange(cellNames);
            }
            recording = Recording.FromSpikeTimes(source, StimulusKind, clock, stimulus, spikes, SpikeUnits == TimeUnit.Ms ? 1000 : 1, names.ToArray(), notes);
        }
        return Cells is { Count: > 0 } ? recording.SelectCells(Cells) : recording;
    }

    static string[] Names(int cells) => Enumerable.Range(0, cells).Select(c => $"cell {c}").ToArray();

    (double[][] Values, SampleClock Clock) ReadStimulus(DataFile file)
    {
        double[][] values;
        double[]? times = null;
        double? rate = FrameRate, start = null;
        if (file.Nwb is { } nwb && (Stimulus is null || !Stimulus.Contains(':') && nwb.IsGroup(Stimulus)))
        {
            var series = Stimulus ?? nwb.FirstSpatialSeries()
                ?? throw new ParsimonyException($"{file.Path}: no SpatialSeries found; name the stimulus with {{Stimulus}} PATH.");
            var (data, clock) = nwb.ReadSeries(series);
            values = Enumerable.Range(0, data.Columns).Select(data.Column).ToArray();
            times = clock.Timestamps;
            if (times is null) { rate ??= clock.Rate; start = clock.Start; }
        }
        else
        {
            if (Stimulus is null) throw new ParsimonyException($"{file.Path}: say which columns hold the stimulus: {{Stimulus}} NAME[:columns].");
            values = file.Columns(Stimulus);
        }
        int expected = StimulusKind == StimulusKind.Angle ? 1 : 2;
        if (values.Length != expected)
            throw new ParsimonyException($"{file.Path}: the stimulus '{Stimulus}' has {values.Length} column(s) but a{(StimulusKind == StimulusKind.Angle ? "n angle" : " position")} " +
                                         $"needs {expected}. Select them as NAME:{(expected == 1 ? "column" : "xcolumn,ycolumn")}.");
        int samples = values[0].Length;
        if (samples == 0) throw new ParsimonyException($"{file.Path}: the stimulus track is empty.");
        if (StimulusKind == StimulusKind.Angle) values[0] = Radians(file, values[0]);
        if (Time is not null)
        {
            var column = file.Columns(Time);
            if (column.Length != 1) throw new ParsimonyException($"{file.Path}: {{Time}} '{Time}' must select one column (it selects {column.Length}).");
            times = column[0].Select(t => TimeUnits == TimeUnit.Ms ? t * 1e-3 : t).ToArray();
        }
        if (times is not null)
        {
            if (times.Length != samples)
                throw new ParsimonyException($"{file.Path}: the time column has {times.Length} rows but the stimulus has {samples}; they must have one time per sample.");
            for (int t = 0; t < samples; t++)
                if (!double.IsFinite(times[t]) || t > 0 && times[t] < times[t - 1])
                    throw new ParsimonyException($"{file.Path}: stimulus times must be finite and non-decreasing (row {t} is {times[t]}).");
        }
        else if (rate is { } r)
        {
            var regular = SampleClock.Regular(samples, r, start ?? 0);
            return (values, SampleSeconds is { } own ? regular with { SampleSeconds = own } : regular);
        }
        else if (SampleSeconds is { } s) return (values, new SampleClock(Enumerable.Range(0, samples).Select(k => k * s).ToArray(), s, 1 / s));
        else throw new ParsimonyException($"{file.Path}: the stimulus has no clock. Give {{Time}} NAME:column, {{FrameRate}} HZ or {{SampleSeconds}} S.");
        double dt = SampleSeconds ?? MedianStep(times);
        if (!(dt > 0)) throw new ParsimonyException($"{file.Path}: the stimulus times do not advance (median step {dt}); give {{SampleSeconds}}.");
        return (values, new SampleClock(times, dt));
    }

    /// <summary>The angle track in radians; refuses values outside [−2π, 4π], which are degrees or unwrapped angles.</summary>
    double[] Radians(DataFile file, double[] angles)
    {
        var values = AngleUnits == AngleUnit.Deg ? angles.Select(a => a * Math.PI / 180).ToArray() : angles;
        int row = Array.FindIndex(values, a => double.IsFinite(a) && (a < AngleLimitLow || a > AngleLimitHigh));
        if (row >= 0)
        {
            var finite = angles.Where(double.IsFinite).ToArray();
            throw new ParsimonyException($"{file.Path}: the angle in row {row} is {angles[row]:G6} {(AngleUnits == AngleUnit.Deg ? "degrees" : "radians")}, " +
                                         $"outside [−2π, 4π] (the track runs from {finite.Min():G6} to {finite.Max():G6}). " +
                                         (AngleUnits == AngleUnit.Rad && finite.Max() <= 720 && finite.Min() >= -360
                                             ? "These look like degrees: add {AngleUnits} deg."
                                             : "Angles must be within a turn or two of 0 (wrap unwrapped tracks first, or give {AngleUnits} deg for degrees)."));
        }
        return values;
    }

    static double MedianStep(double[] times)
    {
        if (times.Length < 2) return double.NaN;
        var steps = new double[times.Length - 1];
        for (int i = 0; i < steps.Length; i++) steps[i] = times[i + 1] - times[i];
        Array.Sort(steps);
        return steps[steps.Length / 2];
    }
}
