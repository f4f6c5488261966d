using System.CommandLine;
using System.Text.Json;
using Parsimony.Cli.Commands;
using Parsimony.Experiments;
using Parsimony.Runs;

namespace Parsimony.Cli;

/// <summary>What the commands of one invocation share: the experiments they can run and where their output goes.</summary>
/// <param name="Registry">The experiments (the default registry, or a test's).</param>
/// <param name="Out">Standard output.</param>
/// <param name="Err">Standard error.</param>
/// <param name="OutIsTerminal">Whether <paramref name="Out"/> is an interactive terminal (progress bars).</param>
/// <param name="ErrIsTerminal">Whether <paramref name="Err"/> is an interactive terminal.</param>
sealed record CliContext(ExperimentRegistry Registry, TextWriter Out, TextWriter Err, bool OutIsTerminal, bool ErrIsTerminal);

/// <summary>The <c>parsimony</c> command line: exit code 0 on success, 1 on failure, 2 on a usage error.</summary>
public static class Cli
{
    /// <summary>The program version.</summary>
    public static string Version => RunFolder.Version;

    /// <summary>A property as its command-line flag (<c>TargetSparsity</c> → <c>--target-sparsity</c>).</summary>
    public static string Flag(string property) => "--" + JsonNamingPolicy.KebabCaseLower.ConvertName(property);

    /// <summary>Parses and runs <paramref name="args"/> on the console; returns the exit code.</summary>
    public static int Run(string[] args) =>
        Run(args, ExperimentRegistry.Default, System.Console.Out, System.Console.Error,
            !System.Console.IsOutputRedirected, !System.Console.IsErrorRedirected);

    /// <summary>
    /// Parses and runs <paramref name="args"/> with the experiments of <paramref name="registry"/>, writing to
    /// <paramref name="output"/> and <paramref name="error"/> (never a terminal: no progress bars); returns the exit code.
    /// </summary>
    public static int Run(string[] args, ExperimentRegistry registry, TextWriter output, TextWriter error) =>
        Run(args, registry, output, error, false, false);

    static int Run(string[] args, ExperimentRegistry registry, TextWriter output, TextWriter error, bool outTerminal, bool errTerminal)
    {
        var context = new CliContext(registry, output, error, outTerminal, errTerminal);
        var parse = Build(context).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var message in UsageErrors.Explain(parse)) error.WriteLine($"error: {message}");
            error.WriteLine($"Run '{$"parsimony {CommandPath(parse)}".TrimEnd()} --help' for the options.");
            return 2;
        }
        if (parse.Action is System.CommandLine.Help.HelpAction)
        {
            var help = new StringWriter();                            // the usage lines name the program as it is called
            int code = parse.Invoke(new InvocationConfiguration { Output = help, Error = error });
            output.Write(help.ToString().Replace(RootCommand.ExecutableName + " ", "parsimony "));
            return code;
        }
        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>Builds the root command: one command per registry entry, and the tools.</summary>
    static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("Parsimony — sparse recurrent neural networks and population coding.");
        foreach (var entry in context.Registry.Entries) Place(root, entry.Command.Split(' '), JobCommand.Create(entry, context));
        root.Subcommands.Add(RegularizerCommand.Create(context));
        root.Subcommands.Add(SweepCommand.Create(context));
        root.Subcommands.Add(ReportCommand.Create(context));
        root.Subcommands.Add(BenchCommand.Create(context));
        root.Subcommands.Add(InferCommand.Create(context));
        root.Subcommands.Add(AnalyzeCommand.Create(context));
        return root;
    }

    /// <summary>Adds <paramref name="command"/> under the group commands named by the words before its own (creating them).</summary>
    static void Place(Command root, string[] words, Command command)
    {
        var parent = root;
        foreach (var word in words[..^1])
        {
            var group = parent.Subcommands.FirstOrDefault(c => c.Name == word);
            if (group is null)
            {
                group = new Command(word, word == "train" ? "Train a model; writes a run folder (config, metrics, checkpoints, model.safetensors, report)." : $"{word} commands.");
                parent.Subcommands.Add(group);
            }
            parent = group;
        }
        parent.Subcommands.Add(command);
    }

    internal static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            if (r.Parent is not null) names.Insert(0, r.Command.Name);
        return string.Join(' ', names);
    }

    /// <summary>
    /// Runs a command body, turning user-facing failures into a one-paragraph message (options named as flags, no stack
    /// trace): exit code 2 for an invalid option, combination or named input (a <see cref="UsageException"/>, found before
    /// work starts), 1 for a failure during the work; anything else is reported as an internal error.
    /// </summary>
    internal static int Guard(CliContext context, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (UsageException e)
        {
            context.Err.WriteLine($"error: {e.Render(Flag)}");
            return 2;
        }
        catch (ParsimonyException e)
        {
            context.Err.WriteLine($"error: {e.Render(Flag)}");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            context.Err.WriteLine($"error: {e.Message}");
        }
        catch (Exception e)
        {
            context.Err.WriteLine($"internal error ({e.GetType().Name}): {e.Message}\nThis is a bug in Parsimony; please report it with the command you ran.\n{e}");
        }
        return 1;
    }
}
