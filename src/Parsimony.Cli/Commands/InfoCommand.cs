using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Information;
using Parsimony.Recordings.Formats;
using Parsimony.Reports;
using Parsimony.Runs;

namespace Parsimony.Cli.Commands;

/// <summary>
/// <c>parsimony info</c>: stimulus information of a recording — binned spike counts and an angle track from a MAT
/// file → tuning curves → Skaggs information per cell, the SI matrix and the SSI → a report folder.
/// </summary>
static class InfoCommand
{
    static readonly string DefaultInput = Path.Combine("..", "shared", "data", "hd-mouse", "dataHD.mat");

    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "MAT v5 file with binned spike counts and a stimulus track.", DefaultValueFactory = _ => DefaultInput };
        var counts = new Option<string>("--counts") { Description = "Variable holding spike counts, time × cells.", DefaultValueFactory = _ => "Qrun" };
        var angle = new Option<string>("--angle") { Description = "Variable holding the head angle in radians.", DefaultValueFactory = _ => "angRun" };
        var angleColumn = new Option<int>("--angle-column") { Description = "Column of --angle holding the angle (0-based; angRun is [time, angle]).", DefaultValueFactory = _ => 1 };
        var binSeconds = new Option<double>("--bin-seconds") { Description = "Duration of one count sample in seconds.", DefaultValueFactory = _ => 0.01 };
        var bins = new Option<int>("--bins") { Description = "Angular bins (60 = 6°).", DefaultValueFactory = _ => 60 };
        var uniform = new Option<bool>("--uniform-p") { Description = "Weight bins uniformly instead of by occupancy." };
        var convention = new Option<InfoConvention>("--convention") { Description = "exact (ε → 0 limit) or reference (the authors' eps constants, for parity).", DefaultValueFactory = _ => InfoConvention.Exact, HelpName = "exact|reference" };
        var outDir = new Option<string?>("--out") { Description = "Folder for summary.json, figures and report.html (default runs/info-<UTC time>)." };
        var command = new Command("info", "Stimulus information of a recording: Skaggs bits/s and bits/spike per cell, the stimulus information matrix and its SSI.")
        {
            input, counts, angle, angleColumn, binSeconds, bins, uniform, convention, outDir,
        };
        CommonOptions.AddTo(command);
        command.SetAction(parse => Cli.Guard(() =>
        {
            var ui = new Console.Ui(parse.GetValue(CommonOptions.Quiet), parse.GetValue(CommonOptions.Json));
            var path = parse.GetValue(input)!;
            var variables = MatFile.Read(path);
            var q = MatFile.Get(variables, parse.GetValue(counts)!, path);
            var track = MatFile.Get(variables, parse.GetValue(angle)!, path);
            int column = parse.GetValue(angleColumn);
            if (column < 0 || column >= track.Columns)
                throw new ParsimonyException($"{path}: '{track.Name}' has {track.Columns} column(s); --angle-column {column} does not exist.");
            var curves = TuningCurves.FromAngles((t, c) => q[t, c], q.Rows, q.Columns, track.Column(column), parse.GetValue(binSeconds), parse.GetValue(bins));
            var silent = Enumerable.Range(0, curves.SpikeCounts.Length).Where(c => curves.SpikeCounts[c] == 0).ToList();
            var info = RecordingInformation.Compute(curves, parse.GetValue(uniform), parse.GetValue(convention));

            var run = RunFolder.CreateNew(parse.GetValue(outDir), "info");
            var summary = info.ToJson();
            summary["input"] = Path.GetFullPath(path);
            summary["convention"] = JsonSerializer.SerializeToNode(parse.GetValue(convention), Json.Options);
            if (silent.Count > 0) summary["silent_cells"] = new JsonArray(silent.Select(c => (JsonNode?)c).ToArray());
            run.WriteConfig(new JsonObject
            {
                ["command"] = "info", ["version"] = Cli.Version, ["created_utc"] = DateTime.UtcNow.ToString("O"),
                ["options"] = new JsonObject
                {
                    ["input"] = Path.GetFullPath(path), ["counts"] = q.Name, ["angle"] = track.Name, ["angleColumn"] = column,
                    ["binSeconds"] = parse.GetValue(binSeconds), ["bins"] = parse.GetValue(bins), ["uniformP"] = parse.GetValue(uniform),
                    ["convention"] = JsonSerializer.SerializeToNode(parse.GetValue(convention), Json.Options),
                },
            });
            info.WriteFigures(run.FiguresDir);
            var brief = new JsonObject
            {
                ["cells"] = info.Matrix.Count, ["total_seconds"] = curves.TotalSeconds, ["dropped_samples"] = curves.DroppedSamples,
                ["ssi_bits_per_spike"] = info.Ssi.Lambda1, ["ssi_bits_per_second"] = info.SsiBitsPerSecond,
                ["best_cell_bits_per_spike"] = info.Matrix.Cells.Max(c => c.BitsPerSpike),
            };
            ReportBuilder.Build(run, brief);
            run.WriteSummary(summary);
            if (silent.Count > 0) ui.Line($"note: cell(s) {string.Join(", ", silent)} fired no spike; they carry 0 bits.");
            ui.Line($"report: {run.ReportPath}");
            ui.Result("info", parse.GetValue(CommonOptions.Json) ? summary : brief);
            return 0;
        }));
        return command;
    }
}
