using System.CommandLine;
using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parsimony.Runs;

namespace Parsimony.Cli.Commands;

/// <summary>
/// Turns every described property of a config record into a typed command-line option (<c>SequenceLength</c> →
/// <c>--sequence-length</c>) whose default is the command's default, and resolves a config from a parse: the saved
/// options of a resumed run (or the defaults), overridden by the options the user actually typed.
/// </summary>
sealed class ConfigOptions
{
    readonly List<(PropertyInfo Property, Option Option)> options = [];
    readonly Type type;
    readonly object defaults;

    /// <summary>Adds the options of <paramref name="type"/> to <paramref name="command"/>, with <paramref name="defaults"/> as defaults.</summary>
    public ConfigOptions(Command command, Type type, object defaults)
    {
        this.type = type;
        this.defaults = defaults;
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetCustomAttribute<DescriptionAttribute>() is not { } description || !p.CanWrite) continue;
            var option = (Option)typeof(ConfigOptions).GetMethod(nameof(Make), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(p.PropertyType)
                .Invoke(null, [Cli.Flag(p.Name), description.Description, p.GetValue(defaults)])!;
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
        foreach (var (property, option) in options)
        {
            if (parse.GetResult(option) is not { Implicit: false }) continue;
            var value = typeof(ConfigOptions).GetMethod(nameof(Get), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(property.PropertyType).Invoke(null, [parse, option]);
            var key = Json.Name(property.Name);
            var typed = JsonSerializer.SerializeToNode(value, property.PropertyType, Json.Options);
            if (saved is not null && property.Name is not (nameof(TrainConfig.Device) or nameof(TrainConfig.Tf32)) && !JsonNode.DeepEquals(saved[key], typed))
                conflicts.Add($"{option.Name} was {saved[key]?.ToJsonString() ?? "unset"} in that run, {typed?.ToJsonString()} now");
            node[key] = typed;
        }
        try { return node.Deserialize(type, Json.Options)!; }
        catch (JsonException e) { throw new ParsimonyException($"The saved configuration does not fit this version of the command ({e.Message}).", e); }
    }

    static Option<T> Make<T>(string name, string description, T defaultValue)
    {
        var option = new Option<T>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        if (typeof(T).IsArray) option.AllowMultipleArgumentsPerToken = true;
        if (typeof(T).IsEnum)
        {
            var names = Enum.GetNames(typeof(T)).Select(JsonNamingPolicy.KebabCaseLower.ConvertName).ToArray();
            option.HelpName = string.Join('|', names);
            option.CustomParser = result =>         // kebab-case names (eigen-i) as well as the C# names
            {
                var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (Enum.TryParse(typeof(T), token.Replace("-", ""), ignoreCase: true, out var value) && !int.TryParse(token, out _)) return (T)value!;
                result.AddError($"'{token}' is not a valid value for {name}: use one of {string.Join(", ", names)}.");
                return default!;
            };
        }
        return option;
    }

    static object? Get<T>(ParseResult parse, Option<T> option) => parse.GetValue(option);
}
