using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Information;
using Parsimony.Recordings;
using Parsimony.Reports;
using Parsimony.Runs;

namespace Parsimony.Cli.Commands;

/// <summary>
/// <c>parsimony info</c>: stimulus information of a recording — spikes (binned counts or spike times) and a stimulus
/// track (angle or 2-D position) from MAT, NWB or CSV files → rate maps → Skaggs information per cell, the SI matrix,
/// the SSI and circular-shift shuffle nulls → a report folder.
/// </summary>
static class InfoCommand
{
    static readonly string DefaultInput = Path.Combine("..", "shared", "data", "hd-mouse", "dataHD.mat");

    public static Command Create()
    {
        var input = new Option<string[]>("--input", "-i") { Description = "File(s) with the spikes: MAT v5, NWB/HDF5 or CSV; several for one spike-time file per cell. Without --input: the shipped mouse head-direction recording (--counts Qrun --stimulus angRun:1 --sample-seconds 0.01: 10 ms rows).", AllowMultipleArgumentsPerToken = true };
        var stimulusFile = new Option<string?>("--stimulus-file") { Description = "File with the stimulus track (default: the first --input)." };
        var counts = new Option<string?>("--counts") { Description = "Binned spike counts, time × cells, one row per stimulus sample: NAME[:columns]." };
        var spikeTimes = new Option<string?>("--spike-times") { Description = "Spike times: NAME[:column] (one cell per file) or NAME:time,id; NWB: a Units group (default units)." };
        var stimulus = new Option<string?>("--stimulus") { Description = "Stimulus columns: NAME:column for an angle, NAME:x,y for a position; NWB: a SpatialSeries group (default: the first)." };
        var time = new Option<string?>("--time") { Description = "Time column of the stimulus: NAME:column." };
        var kind = new Option<StimulusKind>("--stimulus-kind") { Description = "angle (radians, circular bins) or position (x, y grid).", DefaultValueFactory = _ => StimulusKind.Angle, HelpName = "angle|position" };
        var frameRate = new Option<double?>("--frame-rate") { Description = "Stimulus samples per second when there is no time column." };
        var sampleSeconds = new Option<double?>("--sample-seconds") { Description = "Duration of one stimulus sample (default: 1/frame rate or the median time step)." };
        var timeUnits = new Option<TimeUnit>("--time-units") { Description = "Units of the --time column.", DefaultValueFactory = _ => TimeUnit.S, HelpName = "s|ms" };
        var spikeUnits = new Option<TimeUnit>("--spike-units") { Description = "Units of the spike times.", DefaultValueFactory = _ => TimeUnit.S, HelpName = "s|ms" };
        var bins = new Option<int>("--bins") { Description = "Angular bins (60 = 6°), or position bins per axis.", DefaultValueFactory = _ => 60 };
        var binSize = new Option<double?>("--bin-size") { Description = "Side of a square position bin in position units (overrides --bins)." };
        var extent = new Option<string?>("--extent") { Description = "Position extent xmin,xmax,ymin,ymax (default: the data's range); positions outside are dropped." };
        var minSpeed = new Option<double>("--min-speed") { Description = "Keep samples at least this fast (position units/s, or rad/s for angles).", DefaultValueFactory = _ => 0 };
        var smooth = new Option<double>("--smooth") { Description = "σ in bins of the Gaussian applied to counts and occupancy separately (reflect edges; wrap for angles; truncated at 4σ).", DefaultValueFactory = _ => 0 };
        var minOccupancy = new Option<double>("--min-occupancy") { Description = "Exclude bins with less (smoothed) occupancy, in seconds.", DefaultValueFactory = _ => 0 };
        var uniform = new Option<bool>("--uniform-p") { Description = "Weight bins uniformly instead of by occupancy." };
        var convention = new Option<InfoConvention>("--convention") { Description = "exact (ε → 0 limit) or reference (the authors' eps constants, for parity).", DefaultValueFactory = _ => InfoConvention.Exact, HelpName = "exact|reference" };
        var shuffles = new Option<int>("--shuffles") { Description = "Circular-shift shuffles for the null (0 = none).", DefaultValueFactory = _ => 100 };
        var minShift = new Option<double>("--min-shift") { Description = "Smallest circular shift in seconds.", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Seed of the shuffles.", DefaultValueFactory = _ => 1 };
        var cells = new Option<string?>("--cells") { Description = "Cells to analyse, 0-based: e.g. 0,3,5-9 (default all)." };
        var outDir = new Option<string?>("--out") { Description = "Folder for summary.json, figures and report.html (default runs/info-<UTC time>)." };
        var command = new Command("info", "Stimulus information of a recording: Skaggs bits/s and bits/spike per cell, the stimulus information matrix, its SSI and shuffle nulls.")
        {
            input, stimulusFile, counts, spikeTimes, stimulus, time, kind, frameRate, sampleSeconds, timeUnits, spikeUnits,
            bins, binSize, extent, minSpeed, smooth, minOccupancy, uniform, convention, shuffles, minShift, seed, cells, outDir,
        };
        CommonOptions.AddTo(command);
        command.SetAction(parse => Cli.Guard(() =>
        {
            var ui = new Console.Ui(parse.GetValue(CommonOptions.Quiet), parse.GetValue(CommonOptions.Json));
            var files = parse.GetValue(input) is { Length: > 0 } given ? given : null;
            var source = new RecordingSource(
                files ?? [DefaultInput], parse.GetValue(stimulusFile),
                parse.GetValue(counts) ?? (files is null ? "Qrun" : null), parse.GetValue(spikeTimes),
                parse.GetValue(stimulus) ?? (files is null ? "angRun:1" : null), parse.GetValue(time),
                parse.GetValue(kind), parse.GetValue(frameRate), parse.GetValue(sampleSeconds) ?? (files is null ? 0.01 : null), parse.GetValue(timeUnits), parse.GetValue(spikeUnits),
                ParseCells(parse.GetValue(cells)));
            var options = new RateMapOptions(parse.GetValue(bins), parse.GetValue(binSize), ParseExtent(parse.GetValue(extent)),
                parse.GetValue(minSpeed), parse.GetValue(smooth), parse.GetValue(minOccupancy));
            int shuffleCount = parse.GetValue(shuffles);
            if (shuffleCount is < 0 or 1) throw new ParsimonyException($"--shuffles must be 0 (none) or at least 2 (got {shuffleCount}).");

            var recording = source.Load();
            var binned = new BinnedRecording(recording, options);
            var curves = binned.Curves();
            var info = RecordingInformation.Compute(curves, parse.GetValue(uniform), parse.GetValue(convention));
            var nulls = shuffleCount == 0 ? null : ui.Track(observer =>
            {
                observer.Started("shuffles", shuffleCount, 0);
                long done = 0;
                var gate = new object();
                var result = ShuffleNull.Run(binned, info, shuffleCount, parse.GetValue(minShift), parse.GetValue(seed), () =>
                {
                    lock (gate) observer.Step(++done, new Dictionary<string, double>());
                });
                observer.Finished();
                return result;
            });

            var notes = recording.Notes.ToList();
            var silent = Enumerable.Range(0, recording.Cells).Where(c => curves.SpikeCounts[c] == 0).ToList();
            if (silent.Count > 0) notes.Add($"{silent.Count} cell(s) fired no spike in the kept samples ({string.Join(", ", silent.Select(c => recording.CellNames[c]))}); they carry 0 bits.");
            if (curves.Samples.NonFinite + curves.Samples.OutsideExtent + curves.Samples.TooSlow > 0)
                notes.Add($"kept {curves.Samples.Kept} of {recording.Samples} samples ({curves.Samples.NonFinite} non-finite, " +
                          $"{curves.Samples.OutsideExtent} outside the extent, {curves.Samples.TooSlow} below --min-speed).");

            var run = RunFolder.CreateNew(parse.GetValue(outDir), "info");
            var summary = info.ToJson(recording.CellNames, nulls);
            summary["input"] = recording.Source;
            summary["convention"] = JsonSerializer.SerializeToNode(parse.GetValue(convention), Json.Options);
            summary["spikes_outside_tracked_time"] = recording.SpikesOutside;
            summary["notes"] = new JsonArray(notes.Select(n => (JsonNode?)n).ToArray());
            if (silent.Count > 0) summary["silent_cells"] = new JsonArray(silent.Select(c => (JsonNode?)c).ToArray());
            run.WriteConfig(new JsonObject
            {
                ["command"] = "info", ["version"] = Cli.Version, ["created_utc"] = DateTime.UtcNow.ToString("O"),
                ["source"] = JsonSerializer.SerializeToNode(source, Json.Options),
                ["rate_maps"] = JsonSerializer.SerializeToNode(options, Json.Options),
                ["uniformP"] = parse.GetValue(uniform), ["shuffles"] = shuffleCount, ["minShift"] = parse.GetValue(minShift), ["seed"] = parse.GetValue(seed),
                ["convention"] = JsonSerializer.SerializeToNode(parse.GetValue(convention), Json.Options),
            });
            info.WriteFigures(run.FiguresDir, recording.CellNames, nulls);
            var brief = new JsonObject
            {
                ["cells"] = info.Matrix.Count, ["total_seconds"] = curves.TotalSeconds, ["samples_kept"] = curves.Samples.Kept,
                ["ssi_bits_per_spike"] = info.Ssi.Lambda1, ["ssi_bits_per_second"] = info.SsiBitsPerSecond,
                ["best_cell_bits_per_spike"] = info.Matrix.Cells.Max(c => c.BitsPerSpike),
            };
            if (nulls is not null)
            {
                brief["ssi_shuffle_z"] = nulls.SsiZ;
                brief["cells_p_below_0.05"] = nulls.CellP.Count(p => p < 0.05);
            }
            ReportBuilder.Build(run, brief);
            run.WriteSummary(summary);
            foreach (var note in notes) ui.Line($"note: {note}");
            ui.Line($"report: {run.ReportPath}");
            ui.Result("info", parse.GetValue(CommonOptions.Json) ? summary : brief);
            return 0;
        }));
        return command;
    }

    /// <summary>Parses "0,3,5-9" into cell indices.</summary>
    static int[]? ParseCells(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var cells = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-');
            if (ends.Length is 1 or 2 && ends.All(e => int.TryParse(e, out _)))
            {
                int a = int.Parse(ends[0]), b = int.Parse(ends[^1]);
                if (b < a) throw new ParsimonyException($"--cells: the range '{part}' is backwards.");
                cells.AddRange(Enumerable.Range(a, b - a + 1));
            }
            else throw new ParsimonyException($"--cells takes 0-based indices and ranges such as 0,3,5-9 (got '{part}').");
        }
        return cells.ToArray();
    }

    static double[]? ParseExtent(string? text)
    {
        if (text is null) return null;
        var parts = text.Split(',');
        var values = parts.Select(p => double.TryParse(p, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
        if (values.Length != 4 || values.Any(v => !double.IsFinite(v)))
            throw new ParsimonyException($"--extent takes four numbers xmin,xmax,ymin,ymax (got '{text}').");
        return values;
    }
}
