using System.CommandLine;
using System.Reflection;
using Parsimony.Cli.Commands;

namespace Parsimony.Cli;

/// <summary>The <c>parsimony</c> command line: exit code 0 on success, 1 on failure, 2 on a usage error.</summary>
public static class Cli
{
    /// <summary>The program version (from the assembly).</summary>
    public static string Version { get; } =
        typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("Parsimony — sparse recurrent neural networks and population coding.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(RegularizerCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) System.Console.Error.WriteLine($"error: {error.Message}");
            System.Console.Error.WriteLine($"Run '{$"parsimony {CommandPath(parse)}".TrimEnd()} --help' for the options.");
            return 2;
        }
        return parse.Invoke();
    }

    static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            if (r.Parent is not null) names.Insert(0, r.Command.Name);
        return string.Join(' ', names);
    }

    /// <summary>
    /// Runs a command body, turning user-facing failures into a one-paragraph message and exit code 1 (no stack trace);
    /// anything else is reported as an internal error.
    /// </summary>
    internal static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (ParsimonyException e)
        {
            System.Console.Error.WriteLine($"error: {e.Message}");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            System.Console.Error.WriteLine($"error: {e.Message}");
        }
        catch (Exception e)
        {
            System.Console.Error.WriteLine($"internal error ({e.GetType().Name}): {e.Message}\nThis is a bug in Parsimony; please report it with the command you ran.\n{e}");
        }
        return 1;
    }
}
