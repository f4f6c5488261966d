using System.Text.Json.Nodes;
using Parsimony.Cli.Console;
using Parsimony.Runs;
using Parsimony.Sweeps;

namespace Parsimony.Cli.Commands;

/// <summary>
/// <c>sweep --slurm</c>, <c>--status</c> and <c>--collect</c>: a sweep as a Slurm job array of the runs that are not
/// finished (those already queued are left to their tasks), where every run stands, and the aggregate of the finished ones.
/// </summary>
static class SlurmSweep
{
    /// <summary>Lines of a failed run's log shown by <c>--collect</c>.</summary>
    const int LogTail = 8;

    /// <summary>Writes the job script and submits it (or, with <paramref name="dryRun"/>, prints it and the sbatch command).</summary>
    public static int Submit(Ui ui, CliContext context, string file, string dir, SweepPlan plan, SlurmRequest request, IReadOnlyList<string> program, bool dryRun)
    {
        var states = SweepStatus.Of(dir, plan);
        var indices = Enumerable.Range(0, plan.Runs.Count).Where(i => states[i].State is RunState.Failed or RunState.NotStarted).ToList();
        int queued = states.Count(s => s.State is RunState.Running or RunState.Pending);
        if (indices.Count == 0)
        {
            ui.Line($"Nothing to submit: {states.Count(s => s.State == RunState.Finished)} run(s) finished, {queued} queued or running.");
            return 0;
        }
        var script = SlurmArray.ScriptPath(dir);
        if (dryRun)
        {
            context.Out.Write(SlurmArray.Script(dir, plan, indices, request, program));
            context.Out.WriteLine($"# sbatch --parsable {SlurmArray.Quote(script)}   ({indices.Count} run(s); nothing was written or submitted)");
            return 0;
        }
        if (!SlurmQueue.Available()) throw new ParsimonyException("sbatch cannot be started here: --slurm needs Slurm's commands on the PATH (a login node of the cluster). Nothing was submitted.");
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(Path.Combine(dir, "sweep.json"), File.ReadAllText(file));
        SlurmArray.Write(dir, plan, indices, request, program);
        long job = SlurmQueue.Submit(dir, script, indices);
        ui.Line($"Submitted job array {job}: {indices.Count} run(s) ({SlurmArray.ArraySpec(indices)}){(queued > 0 ? $"; {queued} already queued or running" : "")}.");
        ui.Line($"Follow it with: parsimony sweep {file} --status{OutFlag(dir, file)}; aggregate with --collect.");
        if (ui.IsJson) ui.Result("sweep", new JsonObject { ["job"] = job, ["runs"] = indices.Count, ["array"] = SlurmArray.ArraySpec(indices), ["folder"] = dir, ["script"] = script });
        else context.Out.WriteLine(job);
        return 0;
    }

    /// <summary>Prints every run's state and the counts.</summary>
    public static int Status(Ui ui, CliContext context, string dir, SweepPlan plan)
    {
        var states = SweepStatus.Of(dir, plan);
        var counts = Enum.GetValues<RunState>().ToDictionary(s => s, s => states.Count(r => r.State == s));
        if (ui.IsJson)
        {
            var result = new JsonObject { ["folder"] = dir, ["runs"] = plan.Runs.Count };
            foreach (var (state, n) in counts) result[Name(state)] = n;
            result["states"] = new JsonArray(states.Select(s => (JsonNode?)new JsonObject { ["run"] = s.Run, ["state"] = Name(s.State), ["detail"] = s.Detail }).ToArray());
            ui.Result("sweep status", result);
            return 0;
        }
        int width = states.Max(s => s.Run.Length);
        foreach (var s in states) context.Out.WriteLine($"{s.Run.PadRight(width)}  {Name(s.State),-11}  {s.Detail}".TrimEnd());
        context.Out.WriteLine(string.Join(", ", counts.Select(kv => $"{kv.Value} {Name(kv.Key)}")));
        return 0;
    }

    /// <summary>Aggregates the finished runs; exits 1 naming the failed ones (with the end of their logs) when there are any.</summary>
    public static int Collect(Ui ui, CliContext context, string dir, SweepPlan plan)
    {
        if (!Directory.Exists(dir)) throw new UsageException($"There is no sweep folder {dir} yet; run or submit the sweep first.");
        var states = SweepStatus.Of(dir, plan);
        var table = SweepResults.Write(dir, plan);
        var failed = states.Where(s => s.State == RunState.Failed).ToList();
        int finished = states.Count(s => s.State == RunState.Finished), open = states.Count - finished - failed.Count;
        var markdown = Path.Combine(dir, "results.md");
        foreach (var f in failed)
        {
            context.Err.WriteLine($"FAILED: {f.Run} ({f.Detail}); the end of {Path.Combine(dir, "logs", f.Run + ".log")}:");
            foreach (var line in Tail(Path.Combine(dir, "logs", f.Run + ".log"))) context.Err.WriteLine("    " + Text.Escape(line));
        }
        if (ui.IsJson)
            ui.Result("sweep", new JsonObject { ["folder"] = dir, ["runs"] = plan.Runs.Count, ["finished"] = finished, ["failed"] = new JsonArray(failed.Select(f => (JsonNode?)f.Run).ToArray()), ["configurations"] = table });
        else ui.Line($"{File.ReadAllText(markdown)}\nresults: {markdown}, {Path.Combine(dir, "results.csv")}");
        if (open > 0) ui.Line($"{open} run(s) are not finished yet (see --status); collect again when they are.");
        if (failed.Count > 0)
            throw new ParsimonyException($"{failed.Count} run(s) failed: {string.Join(", ", failed.Select(f => f.Run))}. The results hold the {finished} finished run(s); submit the sweep again to retry the failed ones.");
        return 0;
    }

    static IEnumerable<string> Tail(string log) =>
        File.Exists(log) ? File.ReadLines(log).Where(l => l.Trim().Length > 0).TakeLast(LogTail) : ["(no log)"];

    static string Name(RunState state) => state switch
    {
        RunState.NotStarted => "not-started",
        _ => state.ToString().ToLowerInvariant(),
    };

    static string OutFlag(string dir, string file) =>
        Path.GetFullPath(Path.Combine("runs", "sweep-" + Path.GetFileNameWithoutExtension(file))) == dir ? "" : $" --out {dir}";
}
