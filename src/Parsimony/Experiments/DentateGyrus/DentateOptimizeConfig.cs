using System.ComponentModel;
using Parsimony.Models.DentateGyrus;
using Parsimony.Runs;

namespace Parsimony.Experiments.DentateGyrus;

/// <summary>
/// The re-optimisation of a dentate-gyrus model's mean weights (spec neuro_models.md §B.5): which model, the search's
/// size (population × generations of differential evolution), the bounds of every mean weight, the weight instances
/// each candidate is scored on, and the integration step.
/// </summary>
public sealed record DentateOptimizeConfig : RunConfig
{
    /// <summary>The defaults of <c>parsimony run dentate-optimize</c>: model 6, weight seeds 1234–1238.</summary>
    public static DentateOptimizeConfig Published => new() { Seed = 1234 };

    /// <summary>The model whose mean weights are searched.</summary>
    [Description("The model of the published family whose mean weights (every projection's) are searched: 0, 1, 2, 2_nsl, 3, 4, 5, 5c, 6 or 6b.")]
    public string Model { get; init; } = "6";

    /// <summary>Members of the population.</summary>
    [Description("Members of the differential-evolution population (at least 4).")]
    public int Population { get; init; } = 10;

    /// <summary>Generations after the initial population.</summary>
    [Description("Generations after the initial population; the search evaluates population × (generations + 1) candidates.")]
    public int Generations { get; init; } = 40;

    /// <summary>Weight instances per candidate.</summary>
    [Description("Weight instances each candidate is scored on, with weight seeds --seed, --seed + 1, … (the paper: 5, seeds 1234–1238); --seed also seeds the search.")]
    public int Instances { get; init; } = 5;

    /// <summary>Lower bound of every mean weight.</summary>
    [Description("Lower bound of every mean weight (published: 0.01); the search runs on a log scale, so it must be > 0.")]
    public double Lower { get; init; } = 0.01;

    /// <summary>Upper bound of every mean weight.</summary>
    [Description("Upper bound of every mean weight (published: 1).")]
    public double Upper { get; init; } = 1;

    /// <summary>RK4 step in ms.</summary>
    [Description("RK4 integration step in ms; must divide 1 ms. The default 1 ms halves the cost of 0.5 ms and changes the window means by < 3e-6 (check B2).")]
    public double DtMs { get; init; } = 1;

    /// <summary>The model searched, at its published mean weights.</summary>
    public DgNetwork Network() => DgModelFamily.Published.Get(Model);

    /// <summary>The simulation protocol (spec §B.2) at this step.</summary>
    public DgProtocol Protocol() => new(DtMs / 1000);

    /// <inheritdoc/>
    public override void Validate()
    {
        var models = DgModelFamily.Published.Models;
        Rules.Require(models.Any(m => m.Name == Model), nameof(Model), $"names no model of the published family (got '{Model}'; models: {string.Join(", ", models.Select(m => m.Name))}).");
        Rules.Require(Population >= 4, nameof(Population), $"must be at least 4 (got {Population}).");
        Rules.Require(Generations >= 0, nameof(Generations), $"must be ≥ 0 (got {Generations}).");
        Rules.Positive(Instances, nameof(Instances));
        Rules.Require(Lower > 0 && double.IsFinite(Lower), nameof(Lower), $"must be > 0: the search runs on a log scale (got {Rules.Show(Lower)}).");
        Rules.Require(Upper > Lower && double.IsFinite(Upper), nameof(Upper), $"must exceed --lower (got {Rules.Show(Upper)}, --lower {Rules.Show(Lower)}).");
        Rules.Positive(DtMs, nameof(DtMs));
        double perSample = 1 / DtMs;
        Rules.Require(Math.Abs(perSample - Math.Round(perSample)) < 1e-9 * perSample, nameof(DtMs), $"must divide 1 ms (got {Rules.Show(DtMs)}).");
    }
}
