using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Parsimony.Sweeps;

/// <summary>The state Slurm reports for one array task: its job, its index (the run's position) and the state's name.</summary>
/// <param name="Job">The array's job id.</param>
/// <param name="Index">The array index.</param>
/// <param name="State">Slurm's state (<c>PENDING</c>, <c>RUNNING</c>, <c>COMPLETED</c>, <c>FAILED</c>, <c>CANCELLED</c>, <c>TIMEOUT</c>, …).</param>
public sealed record SlurmTask(long Job, int Index, string State);

/// <summary>
/// The scheduler through its own commands (<c>sbatch</c>, <c>squeue</c>, <c>sacct</c>), nothing in between. The jobs a
/// sweep submitted are listed in <c>slurm/jobs.tsv</c> of its folder (job id, array indices, time), newest last.
/// </summary>
public static class SlurmQueue
{
    /// <summary>The list of the sweep's submitted jobs.</summary>
    public static string JobsPath(string sweepDir) => Path.Combine(SlurmArray.Folder(sweepDir), "jobs.tsv");

    /// <summary>Submits <paramref name="script"/> with <c>sbatch --parsable</c>, records the job and returns its id.</summary>
    public static long Submit(string sweepDir, string script, IReadOnlyList<int> indices)
    {
        var (code, output, error) = Run("sbatch", ["--parsable", script]);
        if (code != 0) throw new ParsimonyException($"sbatch refused the job array ({Trim(error)}). Nothing was submitted; the script is {script}.");
        var first = output.Trim().Split(';')[0];
        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var job))
            throw new ParsimonyException($"sbatch answered '{Trim(output)}', which is not a job id.");
        var line = $"{job}\t{SlurmArray.ArraySpec(indices)}\t{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\n";
        File.AppendAllText(JobsPath(sweepDir), line);
        return job;
    }

    /// <summary>The ids of the jobs the sweep submitted, oldest first.</summary>
    public static IReadOnlyList<long> Jobs(string sweepDir) =>
        File.Exists(JobsPath(sweepDir))
            ? File.ReadLines(JobsPath(sweepDir)).Select(l => l.Split('\t')[0])
                .Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var j) ? j : -1).Where(j => j > 0).ToList()
            : [];

    /// <summary>The queued and running tasks of <paramref name="jobs"/> (<c>squeue</c>); empty when squeue is not there.</summary>
    public static IReadOnlyList<SlurmTask> Queued(IReadOnlyCollection<long> jobs)
    {
        if (jobs.Count == 0) return [];
        var (code, output, _) = Run("squeue", ["-h", "-r", "-o", "%F|%K|%T"]);
        return code == 0 ? Parse(output, jobs) : [];
    }

    /// <summary>The accounted states of <paramref name="jobs"/> (<c>sacct</c>); empty where accounting is off.</summary>
    public static IReadOnlyList<SlurmTask> Accounted(IReadOnlyCollection<long> jobs)
    {
        if (jobs.Count == 0) return [];
        var (code, output, _) = Run("sacct", ["-n", "-P", "-X", "-j", string.Join(',', jobs), "-o", "JobID,State"]);
        if (code != 0) return [];
        // sacct writes 12_3|COMPLETED; a pending range shows as 12_[4-7]|PENDING and is left to squeue.
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|')).Where(f => f.Length >= 2)
            .Select(f => (Id: f[0].Split('_'), State: f[1].Split(' ')[0]))
            .Where(f => f.Id.Length == 2 && int.TryParse(f.Id[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(f => $"{f.Id[0]}|{f.Id[1]}|{f.State}");
        return Parse(string.Join('\n', lines), jobs);
    }

    /// <summary>Whether <c>sbatch</c> can be started here.</summary>
    public static bool Available() => Run("sbatch", ["--version"]).Code == 0;

    static List<SlurmTask> Parse(string output, IReadOnlyCollection<long> jobs) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Split('|')).Where(f => f.Length == 3)
            .Select(f => long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var j) && int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                ? new SlurmTask(j, i, f[2]) : null)
            .OfType<SlurmTask>().Where(t => jobs.Contains(t.Job)).ToList();

    static (int Code, string Output, string Error) Run(string program, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Result, error);
        }
        catch (Win32Exception)
        {
            return (127, "", $"{program} is not installed here");
        }
    }

    static string Trim(string text)
    {
        var t = text.Trim().ReplaceLineEndings(" ");
        return t.Length > 300 ? t[..300] + "…" : t.Length == 0 ? "no message" : t;
    }
}
