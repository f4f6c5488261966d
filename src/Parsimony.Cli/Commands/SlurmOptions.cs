using System.CommandLine;
using Parsimony.Sweeps;

namespace Parsimony.Cli.Commands;

/// <summary>The options of <c>sweep --slurm</c>: what to ask of the scheduler and which program the nodes run.</summary>
sealed class SlurmOptions
{
    readonly Option<bool> slurm = new("--slurm") { Description = "Submit the runs that are not finished to Slurm as one job array (sbatch) instead of running them here." };
    readonly Option<string?> partition = new("--partition") { Description = "Slurm partition (sbatch --partition)." };
    readonly Option<string?> time = new("--time") { Description = "Time limit per run, HH:MM:SS or D-HH:MM:SS (sbatch --time); a run stopped by it resumes when submitted again." };
    readonly Option<int?> cpus = new("--cpus-per-task") { Description = "CPUs per run (sbatch --cpus-per-task)." };
    readonly Option<string?> memory = new("--mem") { Description = "Memory per run, e.g. 8G (sbatch --mem)." };
    readonly Option<int?> gpus = new("--gpus") { Description = "GPUs per run (sbatch --gpus); give the runs --device cuda in the sweep file." };
    readonly Option<int?> maxParallel = new("--max-parallel") { Description = "At most this many runs at the same time (the array's %K throttle)." };
    readonly Option<string?> account = new("--account") { Description = "Account to charge (sbatch --account)." };
    readonly Option<string[]> extra = new("--sbatch-arg") { Description = "A further sbatch argument, written as an #SBATCH line (repeatable), e.g. --sbatch-arg=--qos=long.", AllowMultipleArgumentsPerToken = false };
    readonly Option<string?> program = new("--program") { Description = "The parsimony program the nodes run (default: this one, by its absolute path); for clusters where it is installed elsewhere." };

    IEnumerable<Option> Slurmonly => [partition, time, cpus, memory, gpus, maxParallel, account, extra, program];

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(slurm);
        foreach (var option in Slurmonly) command.Options.Add(option);
    }

    /// <summary>The request when <c>--slurm</c> was given (checked), else null.</summary>
    public SlurmRequest? Request(ParseResult parse)
    {
        if (!parse.GetValue(slurm)) return null;
        var request = new SlurmRequest(parse.GetValue(partition), parse.GetValue(time), parse.GetValue(cpus), parse.GetValue(memory),
            parse.GetValue(gpus), parse.GetValue(maxParallel), parse.GetValue(account), parse.GetValue(extra) ?? []);
        request.Validate();
        return request;
    }

    /// <summary>Whether any option that only <c>--slurm</c> uses was given.</summary>
    public bool AnyGiven(ParseResult parse) => FirstGiven(parse) is not null;

    /// <summary>The first Slurm-only option given, by name.</summary>
    public string? FirstGiven(ParseResult parse) => Slurmonly.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false })?.Name;

    /// <summary>
    /// The command line that starts this program on a node: <c>--program</c>, or this executable by its absolute path
    /// (<c>dotnet exec</c> and the program's .dll when it runs under <c>dotnet</c>).
    /// </summary>
    public IReadOnlyList<string> Program(ParseResult parse)
    {
        if (parse.GetValue(program) is { } given) return [given];
        var self = Environment.ProcessPath ?? throw new ParsimonyException("Cannot find this program's path for the job script; give it with --program.");
        return Path.GetFileNameWithoutExtension(self) == "dotnet" ? [self, "exec", typeof(Cli).Assembly.Location] : [Path.GetFullPath(self)];
    }
}
