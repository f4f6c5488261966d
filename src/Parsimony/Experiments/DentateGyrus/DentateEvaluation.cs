using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Models.DentateGyrus;
using Parsimony.Tasks.DentateGyrus;

namespace Parsimony.Experiments.DentateGyrus;

/// <summary>
/// One evaluation of a network (spec §B.7): sample the weights for one seed, simulate the 128 patterns, and measure
/// the output population's pattern separation, the objective vector and the feasibility filter of every population.
/// </summary>
public sealed class DentateEvaluation
{
    /// <summary>Input bits (2^7 = 128 patterns).</summary>
    public const int InputBits = 7;

    /// <summary>Feasibility thresholds (spec §B.5): output population, then every other one.</summary>
    public const double OutputPatternsThreshold = 0.9, OutputUnitsThreshold = 0.9, OtherPatternsThreshold = 0.6, OtherUnitsThreshold = 0.8;

    /// <summary>The network evaluated.</summary>
    public DgNetwork Network { get; }

    /// <summary>The weight seed.</summary>
    public int Seed { get; }

    /// <summary>Responses of every rate unit [pattern][unit].</summary>
    public double[][] Responses { get; }

    /// <summary>Each rate population's responses [pattern][unit].</summary>
    public IReadOnlyDictionary<string, double[][]> ByPopulation { get; }

    /// <summary>The output population's measures.</summary>
    public PatternSeparation Output { get; }

    /// <summary>Whether every population passes its fraction-active thresholds.</summary>
    public bool Feasible { get; }

    /// <summary>Simulates <paramref name="network"/> with weight seed <paramref name="seed"/> on <paramref name="threads"/> threads.</summary>
    public DentateEvaluation(DgNetwork network, int seed, DgProtocol protocol, int threads = 1)
    {
        (Network, Seed) = (network, seed);
        var simulator = new DgSimulator(network, DgWeights.Sample(network, seed), protocol);
        Responses = simulator.Run(Patterns, threads);
        ByPopulation = network.Populations.ToDictionary(p => p.Name, p => Responses.Select(r => simulator.Slice(r, p.Name).ToArray()).ToArray());
        Output = new PatternSeparation(ByPopulation[network.Output]);
        Feasible = network.Populations.All(p =>
        {
            var m = p.Name == network.Output ? Output : new PatternSeparation(ByPopulation[p.Name]);
            bool output = p.Name == network.Output;
            return m.FractionActivePatterns >= (output ? OutputPatternsThreshold : OtherPatternsThreshold)
                && m.FractionActiveUnits >= (output ? OutputUnitsThreshold : OtherUnitsThreshold);
        });
    }

    /// <summary>The 128 input patterns, sorted by active bits.</summary>
    public static double[][] Patterns { get; } = BinaryPatterns.All(InputBits);

    /// <summary>The evaluation as one chunk result.</summary>
    public JsonObject ToJson()
    {
        var o = Output.Objectives();
        double similarity = Output.MeanSimilarity;
        return new JsonObject
        {
            ["model"] = Network.Name,
            ["weight_seed"] = Seed,
            ["mean_active_gcs"] = Output.MeanSparsity,
            ["mean_selectivity"] = Output.MeanSelectivity,
            ["mean_similarity"] = double.IsNaN(similarity) ? null : similarity,
            ["fraction_active_patterns"] = Output.FractionActivePatterns,
            ["fraction_active_units"] = Output.FractionActiveUnits,
            ["sparsity_loss"] = o.Sparsity,
            ["discriminability_loss"] = o.Discriminability,
            ["selectivity_loss"] = o.Selectivity,
            ["fraction_active_patterns_loss"] = o.FractionActivePatterns,
            ["fraction_active_units_loss"] = o.FractionActiveUnits,
            ["feasible"] = Feasible,
            ["active_per_pattern"] = new JsonArray(Output.ActivePerPattern.Select(n => (JsonNode?)n).ToArray()),
        };
    }
}
