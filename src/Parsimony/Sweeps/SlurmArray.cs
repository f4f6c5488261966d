using System.Globalization;
using System.Text;

namespace Parsimony.Sweeps;

/// <summary>What <c>sweep --slurm</c> asks of the scheduler; <c>null</c> leaves the cluster's default.</summary>
/// <param name="Partition">Partition (<c>--partition</c>).</param>
/// <param name="Time">Time limit per run, HH:MM:SS or D-HH:MM:SS (<c>--time</c>).</param>
/// <param name="CpusPerTask">CPUs per run (<c>--cpus-per-task</c>).</param>
/// <param name="Memory">Memory per run, e.g. 8G (<c>--mem</c>).</param>
/// <param name="Gpus">GPUs per run (<c>--gpus</c>).</param>
/// <param name="MaxParallel">Runs at the same time (the array's <c>%K</c> throttle).</param>
/// <param name="Account">Account to charge (<c>--account</c>).</param>
/// <param name="Extra">Further <c>sbatch</c> arguments, each written as one <c>#SBATCH</c> line.</param>
public sealed record SlurmRequest(string? Partition = null, string? Time = null, int? CpusPerTask = null, string? Memory = null,
    int? Gpus = null, int? MaxParallel = null, string? Account = null, IReadOnlyList<string>? Extra = null)
{
    /// <summary>Checks the values before anything is written; errors name the option.</summary>
    public void Validate()
    {
        if (Time is not null && !System.Text.RegularExpressions.Regex.IsMatch(Time, @"^(\d+-)?\d+(:\d{1,2}){0,2}$"))
            throw new UsageException($"--time must look like HH:MM:SS, MM or D-HH:MM:SS (got '{Time}').");
        if (CpusPerTask is < 1) throw new UsageException($"--cpus-per-task must be at least 1 (got {CpusPerTask}).");
        if (Gpus is < 0) throw new UsageException($"--gpus must be 0 or more (got {Gpus}).");
        if (MaxParallel is < 1) throw new UsageException($"--max-parallel must be at least 1 (got {MaxParallel}).");
        if (Memory is not null && !System.Text.RegularExpressions.Regex.IsMatch(Memory, @"^\d+[KMGT]?$"))
            throw new UsageException($"--mem must be a size such as 4000, 8G or 512M (got '{Memory}').");
        foreach (var value in new[] { Partition, Account }.Concat(Extra ?? []))
            if (value is not null && value.Any(c => char.IsControl(c)))
                throw new UsageException("Slurm options must not contain control characters or line breaks.");
    }
}

/// <summary>
/// The job-array script of a sweep: one array task per run, its index the run's position in the sweep file, so a task
/// finds its run without a long command line. Each run's options are a response file
/// (<c>slurm/runs/NAME.args</c>, one argument per line) read by the command line itself; a task whose run was started
/// before (requeue, preemption, a killed node, a resubmission) resumes it from its last checkpoint. A task appends its
/// output to <c>logs/NAME.log</c> (as a local sweep does) and records its exit code in <c>slurm/exit/NAME</c>.
/// </summary>
public static class SlurmArray
{
    /// <summary>The folder of the sweep's Slurm files.</summary>
    public static string Folder(string sweepDir) => Path.Combine(sweepDir, "slurm");

    /// <summary>The script's path in <paramref name="sweepDir"/>.</summary>
    public static string ScriptPath(string sweepDir) => Path.Combine(Folder(sweepDir), "array.sh");

    /// <summary>Where a finished task recorded its exit code.</summary>
    public static string ExitPath(string sweepDir, string run) => Path.Combine(Folder(sweepDir), "exit", run);

    /// <summary>The response file with a run's options.</summary>
    public static string ArgumentsPath(string sweepDir, string run) => Path.Combine(Folder(sweepDir), "runs", run + ".args");

    /// <summary>
    /// The script for the runs at <paramref name="indices"/> of <paramref name="plan"/>, started with
    /// <paramref name="program"/> (the executable, then any fixed arguments such as a .dll for <c>dotnet exec</c>).
    /// </summary>
    public static string Script(string sweepDir, SweepPlan plan, IReadOnlyList<int> indices, SlurmRequest request, IReadOnlyList<string> program)
    {
        if (indices.Count == 0) throw new ArgumentException("No runs to submit.", nameof(indices));
        var s = new StringBuilder("#!/bin/bash\n");
        var name = "parsimony-" + Path.GetFileName(Path.GetFullPath(sweepDir).TrimEnd('/'));
        void Directive(string text) => s.Append("#SBATCH ").Append(text).Append('\n');
        Directive("--job-name=" + Quote(name));
        Directive("--array=" + ArraySpec(indices) + (request.MaxParallel is { } k ? "%" + k.ToString(CultureInfo.InvariantCulture) : ""));
        Directive("--output=" + Quote(Path.Combine(sweepDir, "logs", "slurm-%A_%a.out")));
        Directive("--open-mode=append");
        Directive("--requeue");
        if (request.Partition is { } p) Directive("--partition=" + Quote(p));
        if (request.Time is { } t) Directive("--time=" + t);
        if (request.CpusPerTask is { } c) Directive("--cpus-per-task=" + c.ToString(CultureInfo.InvariantCulture));
        if (request.Memory is { } m) Directive("--mem=" + m);
        if (request.Gpus is { } g) Directive("--gpus=" + g.ToString(CultureInfo.InvariantCulture));
        if (request.Account is { } a) Directive("--account=" + Quote(a));
        foreach (var extra in request.Extra ?? []) Directive(extra);
        s.Append($$"""

            # Written by `parsimony sweep --slurm` for the {{plan.Runs.Count}} runs of '{{plan.Command}}' in this sweep folder.
            # Array task i runs run i of the sweep file; a run started before is resumed from its last checkpoint.
            set -u
            sweep={{Quote(sweepDir)}}
            runs=({{string.Join(' ', plan.Runs.Select(r => Quote(r.Name)))}})
            run=${runs[$SLURM_ARRAY_TASK_ID]}
            folder="$sweep/$run"
            mkdir -p "$sweep/logs" "$sweep/slurm/exit"
            rm -f "$sweep/slurm/exit/$run"
            echo "== $(date -u +%FT%TZ) task ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} on $(hostname)" >> "$sweep/logs/$run.log"
            if [ -f "$folder/config.json" ]; then
                {{Command(program, plan)}} --resume "$folder" --quiet >> "$sweep/logs/$run.log" 2>&1
            else
                {{Command(program, plan)}} --out "$folder" "@$sweep/slurm/runs/$run.args" --quiet >> "$sweep/logs/$run.log" 2>&1
            fi
            code=$?
            echo "$code" > "$sweep/slurm/exit/$run"
            exit "$code"

            """);
        return s.ToString();
    }

    /// <summary>A run's options as a response file: one argument per line, quoted where it holds white space.</summary>
    public static string Arguments(SweepRun run) =>
        string.Concat(run.Arguments().Select(a => (a.Any(char.IsWhiteSpace) || a.StartsWith('#') ? "\"" + a + "\"" : a) + "\n"));

    /// <summary>
    /// Writes the script and every run's response file into the sweep folder (atomically) and returns the script's path.
    /// </summary>
    public static string Write(string sweepDir, SweepPlan plan, IReadOnlyList<int> indices, SlurmRequest request, IReadOnlyList<string> program)
    {
        Directory.CreateDirectory(Path.Combine(Folder(sweepDir), "runs"));
        Directory.CreateDirectory(Path.Combine(sweepDir, "logs"));
        foreach (var run in plan.Runs) Runs.AtomicFile.WriteAllText(ArgumentsPath(sweepDir, run.Name), Arguments(run));
        var path = ScriptPath(sweepDir);
        Runs.AtomicFile.WriteAllText(path, Script(sweepDir, plan, indices, request, program));
        return path;
    }

    /// <summary>Array indices in Slurm's compact form: <c>0-3,7,9-10</c>.</summary>
    public static string ArraySpec(IReadOnlyList<int> indices)
    {
        var sorted = indices.Distinct().Order().ToList();
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(j == i ? sorted[i].ToString(CultureInfo.InvariantCulture) : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    static string Command(IReadOnlyList<string> program, SweepPlan plan) =>
        string.Join(' ', program.Concat(plan.Command.Split(' ')).Select(Quote));

    /// <summary>A word for bash: single-quoted unless it is plain.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ':' or '%' or '+' or ',')
            ? word : "'" + word.Replace("'", "'\\''") + "'";
}
