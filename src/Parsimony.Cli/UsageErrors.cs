using System.CommandLine;
using System.Text.RegularExpressions;

namespace Parsimony.Cli;

/// <summary>
/// Parse errors in the user's words: misspelled commands and options with the nearest valid ones ("did you mean"), a
/// group command without its subcommand with the list of them, and values of the wrong kind without .NET type names.
/// </summary>
static partial class UsageErrors
{
    /// <summary>
    /// The messages of the parse errors of <paramref name="parse"/>; the value after a misspelled option is not reported
    /// again as a stray argument.
    /// </summary>
    public static IEnumerable<string> Explain(ParseResult parse)
    {
        var errors = parse.Errors.Select(e => e.Message).ToList();
        bool misspelledOption = errors.Any(m => Unrecognized().Match(m) is { Success: true } u && u.Groups[1].Value.StartsWith('-'));
        return errors.Where(m => !(misspelledOption && Unrecognized().Match(m) is { Success: true } u && !u.Groups[1].Value.StartsWith('-')))
            .Select(m => Explain(m, parse)).Distinct();
    }

    /// <summary>The message of one parse error of <paramref name="parse"/>.</summary>
    static string Explain(string message, ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        string path = $"parsimony {Cli.CommandPath(parse)}".TrimEnd();
        if (Unrecognized().Match(message) is { Success: true } u)
        {
            var token = u.Groups[1].Value;
            bool option = token.StartsWith('-');
            var names = option
                ? command.Options.SelectMany(o => o.Aliases.Prepend(o.Name))
                : command.Subcommands.Select(c => c.Name);
            var near = Nearest(token, names.Distinct());
            string what = option ? $"'{token}' is not an option of '{path}'" : $"'{token}' is not a command of '{path}'";
            if (!option && command.Subcommands.Count == 0) what = $"'{token}' is not expected here ('{path}' takes options only)";
            return near.Count > 0 ? $"{what}. Did you mean {string.Join(" or ", near)}?" : $"{what}.";
        }
        if (message.StartsWith("Required command was not provided", StringComparison.Ordinal) && command.Subcommands.Count > 0)
            return $"'{path}' needs a command: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}.";
        if (CannotParse().Match(message) is { Success: true } p)
            return $"'{p.Groups[1].Value}' is not a valid value for {p.Groups[2].Value}: it takes {Kind(p.Groups[3].Value)}.";
        return message;
    }

    /// <summary>What a .NET type is in words.</summary>
    public static string Kind(string type) => type.Replace("System.Nullable`1[", "").TrimEnd(']') switch
    {
        "System.Int32" or "System.Int64" or "System.Int16" => "a whole number",
        "System.Double" or "System.Single" or "System.Decimal" => "a number",
        "System.Boolean" => "true or false",
        "System.String[]" => "one or more values",
        _ => "a value of another form (see --help)",
    };

    /// <summary>The valid names within edit distance 2 (or sharing a long prefix) of <paramref name="token"/>, nearest first.</summary>
    static List<string> Nearest(string token, IEnumerable<string> names) => names
        .Select(n => (Name: n, Distance: Distance(token.TrimStart('-'), n.TrimStart('-'))))
        .Where(c => c.Distance <= 2 || c.Name.TrimStart('-').StartsWith(token.TrimStart('-'), StringComparison.Ordinal) && token.TrimStart('-').Length >= 3)
        .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal).Take(3).Select(c => c.Name).ToList();

    static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);   // a swap
            }
        return d[a.Length, b.Length];
    }

    [GeneratedRegex(@"^Unrecognized command or argument '(.*)'")]
    private static partial Regex Unrecognized();

    [GeneratedRegex(@"^Cannot parse argument '(.*)' for (?:option|command) '(.*)' as expected type '(.*)'")]
    private static partial Regex CannotParse();
}
