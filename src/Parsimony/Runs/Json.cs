using System.Text.Json;
using System.Text.Json.Serialization;

namespace Parsimony.Runs;

/// <summary>The one JSON convention of run folders: camelCase names, enums as kebab-case strings, indented.</summary>
public static class Json
{
    /// <summary>Options used for every file Parsimony writes or reads.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>The same convention on one line (for <c>metrics.jsonl</c>).</summary>
    public static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };
}
