using System.Text.Json;
using System.Text.Json.Nodes;

namespace Parsimony.Models.DentateGyrus;

/// <summary>
/// A family of dentate-gyrus networks read from JSON: the input, the output population, the rate populations with
/// their membrane time constants (ms), default synaptic time constants (ms), and the models, each a list of
/// projections (<c>pre</c>, <c>post</c>, <c>distribution</c> uniform|lognormal, <c>mean</c>, <c>sign</c> exc|inh, and
/// optionally <c>tau_rise_ms</c>, <c>tau_decay_ms</c>). A model holds the populations its projections name.
/// The published family (spec §B.4) is embedded: <see cref="Published"/>.
/// </summary>
public sealed class DgModelFamily
{
    const string Resource = "Parsimony.Models.DentateGyrus.dentate-models.json";

    /// <summary>The models by name, in file order.</summary>
    public IReadOnlyList<DgNetwork> Models { get; }

    /// <summary>What the file says about itself.</summary>
    public string Description { get; }

    DgModelFamily(IReadOnlyList<DgNetwork> models, string description) => (Models, Description) = (models, description);

    /// <summary>The published model family (0, 1, 2, 2_nsl, 3, 4, 5, 5c, 6, 6b) with the final optimised mean weights.</summary>
    public static DgModelFamily Published { get; } = LoadPublished();

    static DgModelFamily LoadPublished()
    {
        using var stream = typeof(DgModelFamily).Assembly.GetManifestResourceStream(Resource)
                           ?? throw new InvalidOperationException($"The embedded resource {Resource} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "the published model family");
    }

    /// <summary>Reads a family from the file <paramref name="path"/>.</summary>
    public static DgModelFamily Load(string path)
    {
        if (!File.Exists(path)) throw new ParsimonyException($"The model file '{path}' does not exist.");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>The model called <paramref name="name"/>; throws listing the names there are.</summary>
    public DgNetwork Get(string name) => Models.FirstOrDefault(m => m.Name == name)
        ?? throw new ParsimonyException($"There is no model '{name}' (models: {string.Join(", ", Models.Select(m => m.Name))}).");

    /// <summary>Parses a family from JSON text; <paramref name="source"/> names it in messages.</summary>
    public static DgModelFamily Parse(string json, string source)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json)?.AsObject() ?? throw new ParsimonyException($"{source}: the file is empty.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ParsimonyException($"{source}: not a JSON object ({e.Message}).");
        }
        try
        {
            var input = Object(root, "input");
            string inputName = Text(input, "name");
            int inputSize = (int)Number(input, "size");
            string output = Text(root, "output");
            var populations = Array(root, "populations").Select(p => new DgPopulation(Text(p, "name"), (int)Number(p, "size"), Number(p, "tau_ms") / 1000)).ToList();
            var synapse = Object(root, "synapse_ms");
            double rise = Number(synapse, "rise"), excDecay = Number(synapse, "excitatory_decay"), inhDecay = Number(synapse, "inhibitory_decay");
            var models = new List<DgNetwork>();
            foreach (var m in Array(root, "models"))
            {
                string name = Text(m, "name");
                if (models.Any(x => x.Name == name)) throw new ParsimonyException($"the model '{name}' is defined twice.");
                var projections = Array(m, "projections").Select(j =>
                {
                    var sign = Text(j, "sign") switch
                    {
                        "exc" => SynapseSign.Excitatory,
                        "inh" => SynapseSign.Inhibitory,
                        var s => throw new ParsimonyException($"model '{name}': sign '{s}' is neither exc nor inh."),
                    };
                    var distribution = Text(j, "distribution") switch
                    {
                        "uniform" => WeightDistribution.Uniform,
                        "lognormal" => WeightDistribution.LogNormal,
                        var d => throw new ParsimonyException($"model '{name}': distribution '{d}' is neither uniform nor lognormal."),
                    };
                    double decay = j["tau_decay_ms"] is null ? (sign == SynapseSign.Excitatory ? excDecay : inhDecay) : Number(j, "tau_decay_ms");
                    double tauRise = j["tau_rise_ms"] is null ? rise : Number(j, "tau_rise_ms");
                    return new DgProjection(Text(j, "pre"), Text(j, "post"), distribution, Number(j, "mean"), sign, tauRise / 1000, decay / 1000);
                }).ToList();
                var used = projections.SelectMany(j => new[] { j.Pre, j.Post }).Append(output).ToHashSet();
                foreach (var j in projections)
                    foreach (var p in new[] { j.Pre, j.Post })
                        if (p != inputName && populations.All(q => q.Name != p))
                            throw new ParsimonyException($"model '{name}': the projection {j.Key} names an unknown population '{p}' " +
                                                         $"(known: {string.Join(", ", populations.Select(q => q.Name).Prepend(inputName))}).");
                models.Add(new DgNetwork(name, m["description"]?.GetValue<string>() ?? "", inputName, inputSize, output,
                                         populations.Where(p => used.Contains(p.Name)).ToList(), projections));
            }
            if (models.Count == 0) throw new ParsimonyException("the file defines no model.");
            return new DgModelFamily(models, root["description"]?.GetValue<string>() ?? "");
        }
        catch (ParsimonyException e)
        {
            throw new ParsimonyException($"{source}: {e.Message}");
        }
    }

    static JsonObject Object(JsonNode? node, string key) =>
        node?[key] as JsonObject ?? throw new ParsimonyException($"'{key}' is missing or not an object.");

    static IEnumerable<JsonObject> Array(JsonNode? node, string key) =>
        (node?[key] as JsonArray ?? throw new ParsimonyException($"'{key}' is missing or not a list."))
        .Select(n => n as JsonObject ?? throw new ParsimonyException($"an entry of '{key}' is not an object."));

    static string Text(JsonNode node, string key) =>
        node[key] is JsonValue v && v.TryGetValue(out string? s) && s.Length > 0 ? s : throw new ParsimonyException($"'{key}' is missing or not a text (in {node.ToJsonString()}).");

    static double Number(JsonNode node, string key) =>
        node[key] is JsonValue v && v.TryGetValue(out double d) ? d : throw new ParsimonyException($"'{key}' is missing or not a number (in {node.ToJsonString()}).");
}
