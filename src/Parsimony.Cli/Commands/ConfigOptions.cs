using System.CommandLine;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parsimony.Runs;

namespace Parsimony.Cli.Commands;

/// <summary>
/// Turns every described property of a config record into a typed command-line option (<c>SequenceLength</c> →
/// <c>--sequence-length</c>) whose default is the command's default, and resolves a config from a parse: the saved
/// options of a resumed run (or the defaults), overridden by the options the user actually typed, then the options of a
/// chosen preset (<see cref="RunConfig.PresetOptions"/>) wherever the user typed nothing.
/// </summary>
sealed class ConfigOptions
{
    readonly List<(PropertyInfo Property, Option Option)> options = [];
    readonly Type type;
    readonly object defaults;

    /// <summary>
    /// Adds the options of <paramref name="type"/> to <paramref name="command"/>, with <paramref name="defaults"/> as
    /// defaults, leaving out the properties named in <paramref name="excluded"/> (they keep their defaults).
    /// </summary>
    public ConfigOptions(Command command, Type type, object defaults, IReadOnlyCollection<string>? excluded = null)
    {
        this.type = type;
        this.defaults = defaults;
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetCustomAttribute<DescriptionAttribute>() is not { } description || !p.CanWrite || excluded?.Contains(p.Name) == true) continue;
            var option = (Option)typeof(ConfigOptions).GetMethod(nameof(Make), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(p.PropertyType)
                .Invoke(null, [Cli.Flag(p.Name), description.Description + DefaultText(p.GetValue(defaults), p.PropertyType)])!;
            if (p.GetCustomAttribute<AliasAttribute>() is { } alias) option.Aliases.Add(alias.Alias);
            command.Options.Add(option);
            options.Add((p, option));
        }
    }

    /// <summary>
    /// The config for this parse. With <paramref name="saved"/> (a resumed run's options), options the user typed
    /// must agree with it (the device and TF32 may change); disagreements are returned in <paramref name="conflicts"/>.
    /// </summary>
    public object Resolve(ParseResult parse, JsonObject? saved, out List<string> conflicts)
    {
        conflicts = [];
        var node = (JsonObject)(saved?.DeepClone() ?? JsonSerializer.SerializeToNode(defaults, type, Json.Options)!);
        var typedNames = new HashSet<string>();
        foreach (var (property, option) in options)
        {
            if (parse.GetResult(option) is not { Implicit: false }) continue;
            typedNames.Add(property.Name);
            var value = typeof(ConfigOptions).GetMethod(nameof(Get), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(property.PropertyType).Invoke(null, [parse, option]);
            var key = Json.Name(property.Name);
            var typed = JsonSerializer.SerializeToNode(value, property.PropertyType, Json.Options);
            if (saved is not null && property.Name is not (nameof(TrainConfig.Device) or nameof(TrainConfig.Tf32)) && !JsonNode.DeepEquals(saved[key], typed))
                conflicts.Add($"{option.Name} was {saved[key]?.ToJsonString() ?? "unset"} in that run, {typed?.ToJsonString()} now");
            node[key] = typed;
        }
        var config = Deserialize(node);
        if (saved is not null || config is not RunConfig { } run || run.PresetOptions() is not { } preset) return config;   // a saved run is resolved already
        foreach (var (name, value) in preset)                  // a recipe sets what the user did not type
            if (!typedNames.Contains(name))
                node[Json.Name(name)] = JsonSerializer.SerializeToNode(value, type.GetProperty(name)!.PropertyType, Json.Options);
        return Deserialize(node);
    }

    object Deserialize(JsonObject node)
    {
        try { return node.Deserialize(type, Json.Options)!; }
        catch (JsonException e) { throw new ParsimonyException($"The saved configuration does not fit this version of the command ({e.Message}).", e); }
    }

    /// <summary>" [default: …]" as the option would be typed (lowercase enum names, invariant numbers), or nothing for an unset default.</summary>
    static string DefaultText(object? value, Type type) => value switch
    {
        null => "",
        string[] { Length: 0 } => "",
        string[] list => $" [default: {string.Join(' ', list)}]",
        string text => $" [default: {text}]",
        _ => $" [default: {JsonSerializer.SerializeToNode(value, type, Json.Options)!.ToJsonString().Trim('"')}]",
    };

    static Option<T> Make<T>(string name, string description)
    {
        var option = new Option<T>(name) { Description = description };
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (typeof(T).IsArray) option.AllowMultipleArgumentsPerToken = true;
        if (target.IsEnum)
        {
            var names = Enum.GetNames(target).Select(JsonNamingPolicy.KebabCaseLower.ConvertName).ToArray();
            option.HelpName = string.Join('|', names);
            option.CustomParser = result =>         // kebab-case names (eigen-i) as well as the C# names
            {
                var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (Enum.TryParse(target, token.Replace("-", ""), ignoreCase: true, out var value) && !int.TryParse(token, out _)) return (T)value!;
                result.AddError($"'{token}' is not a valid value for {name}: use one of {string.Join(", ", names)}.");
                return default!;
            };
        }
        else if (target == typeof(int) || target == typeof(long) || target == typeof(double))
        {
            bool whole = target != typeof(double);
            option.HelpName = whole ? "integer" : "number";
            option.CustomParser = result =>
            {
                var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                var style = whole ? NumberStyles.Integer : NumberStyles.Float;
                double limit = target == typeof(int) ? int.MaxValue : 9e15;
                if (double.TryParse(token, style, CultureInfo.InvariantCulture, out var v) && (!whole || v == Math.Floor(v) && Math.Abs(v) <= limit))
                    return (T)(target == typeof(int) ? (object)(int)v : target == typeof(long) ? (long)v : v);
                result.AddError($"'{token}' is not a valid value for {name}: it takes {(whole ? "a whole number" : "a number")}" +
                                $"{(whole && double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? " (no decimals, at most " + limit.ToString("G", CultureInfo.InvariantCulture) + ")" : "")}.");
                return default!;
            };
        }
        return option;
    }

    static object? Get<T>(ParseResult parse, Option<T> option) => parse.GetValue(option);
}
