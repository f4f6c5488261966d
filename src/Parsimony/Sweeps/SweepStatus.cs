using System.Globalization;

namespace Parsimony.Sweeps;

/// <summary>Where a run of a sweep stands.</summary>
public enum RunState
{
    /// <summary>Its <c>summary.json</c> exists.</summary>
    Finished,
    /// <summary>A Slurm task of the sweep is running it.</summary>
    Running,
    /// <summary>A Slurm task of the sweep waits in the queue for it.</summary>
    Pending,
    /// <summary>It ended without a summary: an error, a cancelled task, the time limit, a lost node.</summary>
    Failed,
    /// <summary>Nothing has been done for it yet.</summary>
    NotStarted,
}

/// <summary>One run's state and what it rests on (the exit code, Slurm's state, the folder).</summary>
/// <param name="Run">The run's folder name.</param>
/// <param name="State">Its state.</param>
/// <param name="Detail">Why: e.g. "exit code 1", "TIMEOUT", "task 12_3".</param>
public sealed record RunStatus(string Run, RunState State, string Detail);

/// <summary>
/// The state of every run of a sweep, from its folder (summaries, run folders, the exit codes the array tasks record)
/// and, for a sweep submitted to Slurm, from <c>squeue</c> and, where accounting is on, <c>sacct</c>.
/// </summary>
public static class SweepStatus
{
    /// <summary>The state of each run of <paramref name="plan"/> in <paramref name="dir"/>, in the plan's order.</summary>
    public static IReadOnlyList<RunStatus> Of(string dir, SweepPlan plan)
    {
        var jobs = SlurmQueue.Jobs(dir);
        var queued = SlurmQueue.Queued(jobs);
        var accounted = jobs.Count > 0 ? SlurmQueue.Accounted(jobs) : [];
        return plan.Runs.Select((run, i) => Of(dir, run.Name, queued.LastOrDefault(t => t.Index == i), accounted.LastOrDefault(t => t.Index == i))).ToList();
    }

    /// <summary>The state of one run given its queued task and its accounted one (either may be absent).</summary>
    public static RunStatus Of(string dir, string run, SlurmTask? queued, SlurmTask? accounted)
    {
        var folder = Path.Combine(dir, run);
        if (File.Exists(Path.Combine(folder, "summary.json"))) return new(run, RunState.Finished, "summary.json written");
        if (queued is not null)
            return new(run, queued.State is "RUNNING" or "COMPLETING" ? RunState.Running : RunState.Pending, $"task {queued.Job}_{queued.Index} {queued.State}");
        if (Runs.RunFolder.IsLocked(folder)) return new(run, RunState.Running, "written by a live process");
        var exit = SlurmArray.ExitPath(dir, run);
        if (File.Exists(exit) && int.TryParse(File.ReadAllText(exit).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code))
            return new(run, RunState.Failed, code == 0 ? "exit code 0 but no summary.json" : $"exit code {code}");
        if (accounted is not null && accounted.State is not ("COMPLETED" or "PENDING" or "RUNNING"))
            return new(run, RunState.Failed, $"task {accounted.Job}_{accounted.Index} {accounted.State}");
        if (File.Exists(Path.Combine(folder, "config.json")))
            return new(run, RunState.Failed, "stopped before it finished (cancelled, out of time, a lost node or a killed worker); submitting again resumes it");
        return new(run, RunState.NotStarted, "");
    }
}
