using System.ComponentModel;
using Parsimony.Models.DentateGyrus;
using Parsimony.Runs;

namespace Parsimony.Experiments.DentateGyrus;

/// <summary>
/// The dentate-gyrus pattern-separation model (spec neuro_models.md Part B, Galloni et al. 2022): which network (a
/// model of the published family or of a file, or all of them), how many weight instances, the integration step, and
/// projections to remove (ablations, each added as a variant of every model that has the projection).
/// </summary>
public sealed record DentateConfig : RunConfig
{
    /// <summary>The value of <see cref="Model"/> that runs every model of the family.</summary>
    public const string AllModels = "all";

    /// <summary>The defaults of <c>parsimony run dentate</c>: the published weight seeds 1234–1238.</summary>
    public static DentateConfig Published => new() { Seed = 1234 };

    /// <summary>The model to run.</summary>
    [Description("The model to run: 0, 1, 2, 2_nsl, 3, 4, 5, 5c, 6 or 6b of the published family (spec §B.4), a model of --model-file, or 'all' for every model of the family side by side.")]
    public string Model { get; init; } = "6";

    /// <summary>A JSON file with a model family of the user's own.</summary>
    [Description("A JSON file with your own model family (same layout as the embedded published one: input, output, populations with tau_ms, synapse_ms, models with projections pre/post/distribution/mean/sign); without it, the published family.")]
    public string? ModelFile { get; init; }

    /// <summary>Weight instances per model.</summary>
    [Description("Weight instances per model, with weight seeds --seed, --seed + 1, … (the paper: 5 instances, seeds 1234–1238).")]
    public int Instances { get; init; } = 5;

    /// <summary>RK4 step in ms.</summary>
    [Description("RK4 integration step in ms; must divide the 1 ms sample interval (halving it changes the window means by < 1e-3, check B2).")]
    public double DtMs { get; init; } = 0.5;

    /// <summary>Projections to remove, each as PRE:POST.</summary>
    [Description("Projections to remove, each as PRE:POST (e.g. MC:FB_Inh); each adds a variant without it to every selected model that has it.")]
    public string[] Ablate { get; init; } = [];

    /// <summary>The model family: the file's, or the published one.</summary>
    public DgModelFamily Family() => ModelFile is null ? DgModelFamily.Published : DgModelFamily.Load(ModelFile);

    /// <summary>The networks to run: each selected model, then its ablated variants.</summary>
    public IReadOnlyList<DgNetwork> Variants()
    {
        var family = Family();
        var models = Model == AllModels ? family.Models : [family.Get(Model)];
        var variants = new List<DgNetwork>();
        foreach (var m in models)
        {
            variants.Add(m);
            variants.AddRange(Ablate.Where(key => m.Projections.Any(j => j.Key == key)).Select(m.Without));
        }
        return variants;
    }

    /// <summary>The simulation protocol (spec §B.2) at this step.</summary>
    public DgProtocol Protocol() => new(DtMs / 1000);

    /// <inheritdoc/>
    public override void Validate()
    {
        Rules.Positive(Instances, nameof(Instances));
        Rules.Positive(DtMs, nameof(DtMs));
        double perSample = 1 / DtMs;
        Rules.Require(Math.Abs(perSample - Math.Round(perSample)) < 1e-9 * perSample, nameof(DtMs), $"must divide 1 ms (got {Rules.Show(DtMs)}).");
        Rules.Require(ModelFile is null || File.Exists(ModelFile), nameof(ModelFile), $"names a file that does not exist ({ModelFile}).");
        DgModelFamily family;
        try
        {
            family = Family();
        }
        catch (ParsimonyException e)
        {
            throw new OptionException(nameof(ModelFile), $"is not a valid model family: {e.Message}");
        }
        Rules.Require(Model == AllModels || family.Models.Any(m => m.Name == Model), nameof(Model),
                      $"names no model of the family (got '{Model}'; models: {string.Join(", ", family.Models.Select(m => m.Name))}, or {AllModels}).");
        var selected = Model == AllModels ? family.Models : [family.Get(Model)];
        foreach (var key in Ablate)
        {
            Rules.Require(key.Split(':').Length == 2, nameof(Ablate), $"takes projections as PRE:POST (got '{key}').");
            Rules.Require(selected.Any(m => m.Projections.Any(j => j.Key == key)), nameof(Ablate),
                          $"names the projection {key}, which no selected model has.");
        }
        try
        {
            _ = Variants();
        }
        catch (ParsimonyException e)
        {
            throw new OptionException(nameof(Ablate), $"leaves a network that cannot run: {e.Message}");
        }
    }
}
