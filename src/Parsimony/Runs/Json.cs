using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Parsimony.Runs;

/// <summary>
/// The one JSON convention of run folders: snake_case names (<c>sequence_length</c>, <c>err_cm</c>), enums as
/// kebab-case strings (<c>eigen-i</c>), NaN and infinities as the strings <c>"NaN"</c>, <c>"Infinity"</c>, indented,
/// text in UTF-8 as it reads (σ, °, ≥ — not \u escapes; reports HTML-encode every value they show).
/// </summary>
public static class Json
{
    /// <summary>Options used for every file Parsimony writes or reads.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>The same convention on one line (for <c>metrics.jsonl</c>).</summary>
    public static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };

    /// <summary>The JSON name of a property (<c>SequenceLength</c> → <c>sequence_length</c>).</summary>
    public static string Name(string property) => JsonNamingPolicy.SnakeCaseLower.ConvertName(property);
}
