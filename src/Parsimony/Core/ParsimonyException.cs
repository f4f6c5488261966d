using System.Text.RegularExpressions;

namespace Parsimony;

/// <summary>
/// An error caused by the user's input or environment (bad option, missing file, unreadable data, diverged training).
/// Its message is a complete sentence that says what was wrong and how to fix it; the command line prints it without a
/// stack trace. Options the sentence mentions are written <c>{Name}</c> (the property, e.g. <c>{SpikeUnits}</c>):
/// <see cref="Exception.Message"/> shows them as property names, the command line as its flags (<c>--spike-units</c>).
/// </summary>
public partial class ParsimonyException(string template, Exception? inner = null) : Exception(Render(Safe(template), p => p), inner)
{
    /// <summary>The longest message: anything beyond is cut (a corrupt file must not flood a terminal).</summary>
    const int Limit = 1200;

    /// <summary>The message with option mentions as <c>{Name}</c>.</summary>
    public string Template { get; } = Safe(template);

    /// <summary>The template with control characters escaped and its length capped.</summary>
    static string Safe(string template)
    {
        var escaped = Text.Escape(template);
        return escaped.Length > Limit ? escaped[..Limit] + "…" : escaped;
    }

    /// <summary>The message with every mentioned option named by <paramref name="name"/> (e.g. as a command-line flag).</summary>
    public string Render(Func<string, string> name) => Render(Template, name);

    static string Render(string template, Func<string, string> name) => Mention().Replace(template, m => name(m.Groups[1].Value));

    [GeneratedRegex(@"\{([A-Z][A-Za-z0-9]*)\}")]
    private static partial Regex Mention();
}

/// <summary>
/// A request that cannot be carried out as given — an invalid option, combination of options or input file named on
/// the command line — found before any work starts (the command line exits with code 2 for these, 1 for failures
/// during the work).
/// </summary>
public class UsageException(string template) : ParsimonyException(template);

/// <summary>
/// An invalid value of one named option (a property of a config record or toolkit parameter record): the sentence
/// starts with the property (<c>Lr must be a positive number (got -1).</c>; on the command line <c>--lr must be …</c>).
/// </summary>
/// <param name="property">The property, as declared (e.g. <c>TargetSparsity</c>).</param>
/// <param name="problem">What is wrong with it, completing the sentence that starts with the property's name.</param>
public sealed class OptionException(string property, string problem) : UsageException($"{{{property}}} {problem}")
{
    /// <summary>The property whose value is invalid.</summary>
    public string Property { get; } = property;
}

/// <summary>Training produced a non-finite loss; a checkpoint of the state just before was saved.</summary>
public sealed class TrainingDivergedException(string message) : ParsimonyException(message);
