using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Parsimony.Runs;
using Parsimony.Sweeps;

namespace Parsimony.Cli.Commands;

/// <summary>
/// <c>parsimony sweep FILE</c>: checks the options of every new run first (<c>--dry-run</c>, before anything is
/// written), then runs the grid (see <see cref="SweepPlan"/>) into one folder with local worker processes, never re-runs
/// a finished run, resumes unfinished ones from their checkpoints, and aggregates <c>results.csv</c>, <c>results.md</c>
/// and error-vs-sparsity figures. With <c>--slurm</c> the same runs go to Slurm as one job array (<see cref="SlurmSweep"/>).
/// </summary>
static class SweepCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "Sweep file (JSON): command, base options, variants, grid, workers." };
        var outDir = new Option<string?>("--out") { Description = "Sweep folder (default runs/sweep-<file name>); running again continues it." };
        var workers = new Option<int?>("--workers") { Description = "Parallel worker processes (overrides the file's \"workers\")." };
        var inProcess = new Option<bool>("--in-process") { Description = "Run the runs one after another in this process (no workers)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every run's options and print what would run (with --slurm: the job script and the sbatch command); nothing is written or submitted." };
        var status = new Option<bool>("--status") { Description = "Print where every run stands (finished, running, pending, failed, not started), from the folders and Slurm's queue." };
        var collect = new Option<bool>("--collect") { Description = "Aggregate the finished runs (results.csv, results.md, plots, report.html) as a local sweep does; list failed runs with the end of their logs." };
        var slurm = new SlurmOptions();
        var command = new Command("sweep", "Run a grid of training runs (spaces × controls × seeds) with local workers or as a Slurm job array; resumable; aggregates results.csv, results.md and plots.")
        {
            file, outDir, workers, inProcess, dryRun, status, collect,
        };
        slurm.AddTo(command);
        var common = CommonOptions.AddTo(command);
        command.SetAction(parse => Cli.Guard(context, () =>
        {
            var ui = common.Ui(context, parse);
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new UsageException($"Sweep file '{path}' does not exist.");
            var plan = SweepPlan.Load(path, context.Registry);
            var dir = Path.GetFullPath(parse.GetValue(outDir) ?? Path.Combine("runs", "sweep-" + Path.GetFileNameWithoutExtension(path)));
            var request = slurm.Request(parse);
            if (new[] { parse.GetValue(status), parse.GetValue(collect), request is not null }.Count(b => b) > 1)
                throw new UsageException("Give one of --slurm, --status and --collect.");
            if (request is null && slurm.AnyGiven(parse)) throw new UsageException($"{slurm.FirstGiven(parse)} is a Slurm option; add --slurm to submit the sweep to Slurm.");
            if (parse.GetValue(status)) return SlurmSweep.Status(ui, context, dir, plan);
            if (parse.GetValue(collect)) return SlurmSweep.Collect(ui, context, dir, plan);

            var todo = plan.Runs.Where(r => !File.Exists(Path.Combine(dir, r.Name, "summary.json"))).ToList();
            ui.Line($"sweep {plan.Command}: {plan.Runs.Count} runs, {plan.Runs.Count - todo.Count} already finished → {dir}");
            var invalid = todo.Where(r => !File.Exists(Path.Combine(dir, r.Name, "config.json")))
                .Where(r => Cli.Run([.. plan.Command.Split(' '), .. r.Arguments(), "--dry-run", "--quiet"], context.Registry, context.Out, context.Err) != 0)
                .Select(r => r.Name).ToList();
            if (invalid.Count > 0)
                throw new UsageException($"{invalid.Count} run(s) have invalid options ({string.Join(", ", invalid)}; the reasons are printed above). " +
                                             "Nothing was run; fix the sweep file and start again.");
            if (request is not null) return SlurmSweep.Submit(ui, context, path, dir, plan, request, slurm.Program(parse), parse.GetValue(dryRun));
            if (parse.GetValue(dryRun))
            {
                foreach (var run in todo) ui.Line($"would run: {run.Name}");
                ui.Line($"{todo.Count} run(s) would run; nothing was run.");
                return 0;
            }
            Directory.CreateDirectory(dir);
            AtomicFile.WriteAllText(Path.Combine(dir, "sweep.json"), File.ReadAllText(path));
            int parallel = parse.GetValue(inProcess) ? 1 : parse.GetValue(workers) ?? plan.Workers;
            var failures = new List<string>();
            try
            {
                Parallel.ForEach(todo, new ParallelOptions { MaxDegreeOfParallelism = parallel }, run =>
                {
                    var folder = Path.Combine(dir, run.Name);
                    bool started = File.Exists(Path.Combine(folder, "config.json"));
                    string[] args = [.. plan.Command.Split(' '), .. started ? new[] { "--resume", folder } : ["--out", folder, .. run.Arguments()], "--quiet"];
                    int code = parse.GetValue(inProcess) ? Cli.Run(args, context.Registry, context.Out, context.Err) : Spawn(args, Path.Combine(dir, "logs", run.Name + ".log"));
                    lock (failures)
                    {
                        if (code != 0) failures.Add(run.Name);
                        ui.Line($"{(code == 0 ? "done" : "FAILED")}: {run.Name}");
                    }
                });
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);   // the worker's own error, not the wrapper
            }
            var table = SweepResults.Write(dir, plan);
            var result = new JsonObject { ["folder"] = dir, ["runs"] = plan.Runs.Count, ["failed"] = new JsonArray(failures.Select(f => (JsonNode?)f).ToArray()), ["configurations"] = table };
            var markdown = Path.Combine(dir, "results.md");
            if (failures.Count > 0)
                throw new ParsimonyException($"{failures.Count} run(s) failed: {string.Join(", ", failures)}. Their logs are in {Path.Combine(dir, "logs")}; run the sweep again to retry them.");
            if (ui.IsJson) ui.Result("sweep", result);
            else ui.Line($"{File.ReadAllText(markdown)}\nresults: {markdown}, {Path.Combine(dir, "results.csv")}");
            return 0;
        }));
        return command;
    }

    /// <summary>Runs this program with <paramref name="args"/> as a child process, its output appended to <paramref name="log"/>.</summary>
    static int Spawn(string[] args, string log)
    {
        var self = Environment.ProcessPath ?? throw new ParsimonyException("Cannot find this program's path to start workers; use --in-process.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment[Console.ParentWatch.Variable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);   // a worker dies with the sweep
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(Cli).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        File.AppendAllText(log, output.Result + error);
        return process.ExitCode;
    }
}
