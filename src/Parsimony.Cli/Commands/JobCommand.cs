using System.CommandLine;
using Parsimony.Cli.Console;
using Parsimony.Experiments;
using Parsimony.Runs;

namespace Parsimony.Cli.Commands;

/// <summary>
/// The command of one registry entry (<c>parsimony train navigation</c>, <c>demo</c>, <c>info</c>, …): its config's
/// options plus <c>--out</c>, <c>--resume</c>, <c>--dry-run</c>, <c>--quiet</c> and <c>--json</c>; every command writes
/// a run folder by the same contract.
/// </summary>
static class JobCommand
{
    public static Command Create(ExperimentEntry entry, CliContext context)
    {
        var command = new Command(entry.Command.Split(' ')[^1], entry.Description);
        var config = new ConfigOptions(command, entry.ConfigType, entry.Defaults);
        var outDir = new Option<string?>("--out") { Description = $"Run folder to create (default runs/{entry.Name}-<UTC time>)." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder from its last checkpoint (options you give must match it)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the options and stop before anything is built or written (a sweep checks every run this way first)." };
        command.Options.Add(outDir);
        command.Options.Add(resume);
        command.Options.Add(dryRun);
        var common = CommonOptions.AddTo(command);
        command.SetAction(parse => Cli.Guard(context, () =>
        {
            var ui = common.Ui(context, parse);
            RunFolder? resumed = null;
            RunConfig resolved;
            if (parse.GetValue(resume) is { } resumeDir)
            {
                if (parse.GetValue(outDir) is not null) throw new UsageException("Give either --out (a new run) or --resume (an existing one), not both.");
                resumed = RunFolder.Open(resumeDir);
                if (resumed.Command != entry.Command)
                    throw new UsageException($"'{resumeDir}' holds a '{resumed.Command}' run, not '{entry.Command}'. Resume it with that command.");
                resolved = (RunConfig)config.Resolve(parse, resumed.ReadOptions(), out var conflicts);
                if (conflicts.Count > 0)
                    throw new UsageException($"'{resumeDir}' was made with a different configuration: {string.Join("; ", conflicts)}. " +
                                                 "Resume without those options, or start a new run with --out.");
                if (resumed.IsFinished)
                {
                    ui.Line($"The run in {resumed.Root} has already finished; nothing to resume.");
                    ui.Result(entry.Command, resumed.ReadSummary());
                    return 0;
                }
            }
            else resolved = (RunConfig)config.Resolve(parse, null, out _);

            // Everything that can fail on bad input happens before a run folder is created.
            resolved.Validate();
            var compute = resolved is TrainConfig t ? ComputeContext.For(t.Device, t.Tf32) : ComputeContext.Cpu;
            if (resumed is null) RunFolder.CheckNew(parse.GetValue(outDir));
            if (parse.GetValue(dryRun))
            {
                ui.Line($"{entry.Command}: the options are valid{(resolved is TrainConfig ? $" (device {compute.Device})" : "")}; nothing was run.");
                return 0;
            }
            using var job = entry.Create(resolved, compute);
            compute.Apply();
            var run = resumed ?? RunFolder.Create(parse.GetValue(outDir), entry.Command, resolved, resolved is TrainConfig ? compute.Device.ToString() : null);
            // A training job's notes are findings about the finished run (printed from the summary below); others know theirs now.
            if (resolved is not TrainConfig) foreach (var note in job.Notes) ui.Line($"note: {note}");
            ui.Line($"{entry.Command} → {run.Root}{(resolved is TrainConfig ? $" (device {compute.Device})" : "")}");
            var summary = ui.Track(observer => JobRunner.Run(job, run, observer))!;
            if (summary["notes"] is System.Text.Json.Nodes.JsonArray notes && resolved is TrainConfig)
                foreach (var note in notes) ui.Line($"note: {note}");
            ui.Line($"report: {run.ReportPath}");
            ui.Result(entry.Command, summary);
            return 0;
        }));
        return command;
    }
}
