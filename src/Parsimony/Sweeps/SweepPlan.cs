using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parsimony.Experiments;

namespace Parsimony.Sweeps;

/// <summary>One run of a sweep: its folder name, the configuration it belongs to (all values but the seed) and its options.</summary>
/// <param name="Name">Folder name, unique in the sweep.</param>
/// <param name="Configuration">The configuration label (variant and grid values without the seed).</param>
/// <param name="Options">Option name (kebab case, without dashes) → value.</param>
public sealed record SweepRun(string Name, string Configuration, IReadOnlyDictionary<string, string> Options)
{
    /// <summary>The command-line arguments for these options (<c>--name value</c> pairs).</summary>
    public IEnumerable<string> Arguments() => Options.SelectMany(kv => new[] { "--" + kv.Key, kv.Value });
}

/// <summary>
/// A grid of training runs read from a JSON file:
/// <code>
/// { "command": "train navigation", "workers": 2,
///   "base": { "hidden": 1024, "epochs": 10 },
///   "variants": { "torus-dog": { "space": "torus" }, "no-reg": { "space": "none" } },
///   "grid": { "seed": [1, 2, 3] } }
/// </code>
/// Every variant (or a single unnamed one) is crossed with the Cartesian product of <c>grid</c>; option names are the
/// command's options without the leading dashes. Runs of one configuration differ only in <c>seed</c>. Any command of
/// the experiment registry can be swept.
/// </summary>
public sealed record SweepPlan(string Command, int Workers, IReadOnlyList<SweepRun> Runs)
{
    /// <summary>Reads and checks a sweep file against the commands of <paramref name="registry"/>; errors name the file and the problem.</summary>
    public static SweepPlan Load(string path, ExperimentRegistry registry)
    {
        JsonObject root;
        try { root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new UsageException($"{path} is empty."); }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new UsageException($"{path} is not a JSON object ({e.Message}).");
        }
        var command = (string?)root["command"] ?? "train navigation";
        if (registry.Find(command) is null)
            throw new UsageException($"{path}: \"command\" must be one of {string.Join(", ", registry.Entries.Select(e => $"\"{e.Command}\""))} (got \"{command}\").");
        int workers = (int?)root["workers"] ?? 1;
        if (workers < 1) throw new UsageException($"{path}: \"workers\" must be at least 1 (got {workers}).");
        var baseOptions = Options(root["base"] as JsonObject, path, "base");
        var variants = root["variants"] is JsonObject v
            ? v.Select(kv => (kv.Key, Options(kv.Value as JsonObject, path, $"variants.{kv.Key}"))).ToList()
            : [("", new Dictionary<string, string>())];
        var grid = (root["grid"] as JsonObject ?? []).Select(kv => (kv.Key, Values: kv.Value is JsonArray a
            ? a.Select(x => Text(x, path, kv.Key)).ToArray()
            : throw new UsageException($"{path}: grid \"{kv.Key}\" must be a list of values."))).ToList();
        if (grid.Any(g => g.Values.Length == 0)) throw new UsageException($"{path}: every grid entry needs at least one value.");

        var runs = new List<SweepRun>();
        foreach (var (variant, variantOptions) in variants)
            foreach (var point in Product(grid))
            {
                var options = new Dictionary<string, string>(baseOptions);
                foreach (var (k, val) in variantOptions) options[k] = val;
                foreach (var (k, val) in point) options[k] = val;
                var label = string.Join("_", new[] { variant }.Concat(point.Where(p => p.Key != "seed").Select(p => $"{p.Key}-{p.Value}")).Where(s => s.Length > 0));
                var name = string.Join("_", new[] { label }.Concat(point.Where(p => p.Key == "seed").Select(p => $"seed-{p.Value}")).Where(s => s.Length > 0));
                runs.Add(new SweepRun(Sanitize(name.Length > 0 ? name : "run"), label.Length > 0 ? label : "run", options));
            }
        var duplicate = runs.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new UsageException($"{path}: two runs would share the folder '{duplicate.Key}'.");
        return new SweepPlan(command, workers, runs);
    }

    static Dictionary<string, string> Options(JsonObject? obj, string path, string where) =>
        (obj ?? []).ToDictionary(kv => kv.Key.TrimStart('-'), kv => Text(kv.Value, path, $"{where}.{kv.Key}"));

    static string Text(JsonNode? node, string path, string where) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString("R", CultureInfo.InvariantCulture),
        _ => throw new UsageException($"{path}: {where} must be a string, number or boolean."),
    };

    static IEnumerable<List<KeyValuePair<string, string>>> Product(List<(string Key, string[] Values)> grid)
    {
        IEnumerable<List<KeyValuePair<string, string>>> points = [[]];
        foreach (var (key, values) in grid)
            points = points.SelectMany(p => values.Select(v => new List<KeyValuePair<string, string>>(p) { new(key, v) }));
        return points;
    }

    static string Sanitize(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());
}
