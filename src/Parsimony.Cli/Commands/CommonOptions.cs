using System.CommandLine;
using Parsimony.Cli.Console;

namespace Parsimony.Cli.Commands;

/// <summary>Options shared by every command that produces results (one set per command: a command line may be built on several threads).</summary>
sealed class CommonOptions
{
    readonly Option<bool> quiet = new("--quiet", "-q") { Description = "Print nothing but errors (and the --json summary)." };
    readonly Option<bool> json = new("--json") { Description = "Print a machine-readable JSON summary on stdout; human output goes to stderr." };

    /// <summary>Adds <c>--quiet</c> and <c>--json</c> to <paramref name="command"/>.</summary>
    public static CommonOptions AddTo(Command command)
    {
        var options = new CommonOptions();
        command.Options.Add(options.quiet);
        command.Options.Add(options.json);
        return options;
    }

    /// <summary>The output of a parse of the command.</summary>
    public Ui Ui(CliContext context, ParseResult parse) => new(context, parse.GetValue(quiet), parse.GetValue(json));
}
