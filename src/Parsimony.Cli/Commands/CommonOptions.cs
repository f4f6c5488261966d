using System.CommandLine;

namespace Parsimony.Cli.Commands;

/// <summary>Options shared by every command that produces results.</summary>
static class CommonOptions
{
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print nothing but errors (and the --json summary)." };
    public static readonly Option<bool> Json = new("--json") { Description = "Print a machine-readable JSON summary on stdout; human output goes to stderr." };

    public static void AddTo(Command command)
    {
        command.Options.Add(Quiet);
        command.Options.Add(Json);
    }
}
