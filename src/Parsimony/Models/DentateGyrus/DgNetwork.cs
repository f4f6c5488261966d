namespace Parsimony.Models.DentateGyrus;

/// <summary>How the weights of a projection are drawn (spec neuro_models.md §B.3).</summary>
public enum WeightDistribution
{
    /// <summary>U(0, 2·mean).</summary>
    Uniform,
    /// <summary>Standard log-normal samples (μ = 0, σ = 1) rescaled so that their empirical mean is the mean.</summary>
    LogNormal,
}

/// <summary>Whether a projection excites (reversal +60) or inhibits (reversal −10) its targets.</summary>
public enum SynapseSign
{
    /// <summary>Excitatory: reversal potential <see cref="DgNetwork.ExcitatoryReversal"/>.</summary>
    Excitatory,
    /// <summary>Inhibitory: reversal potential <see cref="DgNetwork.InhibitoryReversal"/>.</summary>
    Inhibitory,
}

/// <summary>A population of rate units with its membrane time constant (the input population has none).</summary>
/// <param name="Name">Its name (e.g. <c>GC</c>).</param>
/// <param name="Size">Its number of units.</param>
/// <param name="TauSeconds">Membrane time constant τ_cell (s).</param>
public sealed record DgPopulation(string Name, int Size, double TauSeconds);

/// <summary>A projection pre → post: its weight distribution and mean, its sign and its synaptic time constants.</summary>
/// <param name="Pre">Presynaptic population.</param>
/// <param name="Post">Postsynaptic population.</param>
/// <param name="Distribution">How its weights are drawn.</param>
/// <param name="Mean">Mean weight (≥ 0; the sign comes from the reversal potential).</param>
/// <param name="Sign">Excitatory or inhibitory.</param>
/// <param name="TauRiseSeconds">Conductance rise time constant (s).</param>
/// <param name="TauDecaySeconds">Conductance decay time constant (s).</param>
public sealed record DgProjection(string Pre, string Post, WeightDistribution Distribution, double Mean, SynapseSign Sign,
                                  double TauRiseSeconds, double TauDecaySeconds)
{
    /// <summary>The projection's name, <c>PRE:POST</c> (e.g. <c>MC:FB_Inh</c>).</summary>
    public string Key => $"{Pre}:{Post}";
}

/// <summary>
/// A dentate-gyrus rate network (spec §B.1–B.3): one static binary input population, rate populations with
/// conductance-based membranes, and weighted projections between them. Checked on construction.
/// </summary>
public sealed record DgNetwork
{
    /// <summary>Reversal potential of excitatory synapses.</summary>
    public const double ExcitatoryReversal = 60;

    /// <summary>Reversal potential of inhibitory synapses.</summary>
    public const double InhibitoryReversal = -10;

    /// <summary>The model's key in its family (e.g. <c>6</c>).</summary>
    public string Name { get; }

    /// <summary>One sentence about the model.</summary>
    public string Description { get; }

    /// <summary>The input population's name.</summary>
    public string Input { get; }

    /// <summary>The input population's size.</summary>
    public int InputSize { get; }

    /// <summary>The population whose responses are analysed (the granule cells).</summary>
    public string Output { get; }

    /// <summary>The rate populations, in file order.</summary>
    public IReadOnlyList<DgPopulation> Populations { get; }

    /// <summary>The projections, in file order.</summary>
    public IReadOnlyList<DgProjection> Projections { get; }

    /// <summary>Checks and builds a network; throws a <see cref="ParsimonyException"/> naming the first problem.</summary>
    public DgNetwork(string name, string description, string input, int inputSize, string output,
                     IReadOnlyList<DgPopulation> populations, IReadOnlyList<DgProjection> projections)
    {
        void Check(bool ok, string problem)
        {
            if (!ok) throw new ParsimonyException($"Model '{name}': {problem}");
        }
        Check(inputSize > 0, $"the input population '{input}' needs a positive size (got {inputSize}).");
        var names = new HashSet<string> { input };
        foreach (var p in populations)
        {
            Check(names.Add(p.Name), $"the population '{p.Name}' is defined twice.");
            Check(p.Size > 0, $"the population '{p.Name}' needs a positive size (got {p.Size}).");
            Check(p.TauSeconds > 0 && double.IsFinite(p.TauSeconds), $"the population '{p.Name}' needs a positive time constant (got {p.TauSeconds} s).");
        }
        Check(populations.Any(p => p.Name == output), $"the output population '{output}' is not a rate population ({string.Join(", ", populations.Select(p => p.Name))}).");
        var keys = new HashSet<string>();
        foreach (var j in projections)
        {
            Check(names.Contains(j.Pre), $"the projection {j.Key} names an unknown presynaptic population '{j.Pre}' (known: {string.Join(", ", names)}).");
            Check(names.Contains(j.Post) && j.Post != input, $"the projection {j.Key} names an unknown postsynaptic population '{j.Post}' (known: {string.Join(", ", populations.Select(p => p.Name))}).");
            Check(keys.Add(j.Key), $"the projection {j.Key} is defined twice.");
            Check(j.Mean >= 0 && double.IsFinite(j.Mean), $"the projection {j.Key} needs a mean weight ≥ 0 (got {j.Mean}).");
            Check(j.TauRiseSeconds > 0 && double.IsFinite(j.TauRiseSeconds), $"the projection {j.Key} needs a positive rise time constant (got {j.TauRiseSeconds} s).");
            Check(j.TauDecaySeconds > 0 && double.IsFinite(j.TauDecaySeconds), $"the projection {j.Key} needs a positive decay time constant (got {j.TauDecaySeconds} s).");
        }
        Check(projections.Any(j => j.Post == output), $"no projection reaches the output population '{output}'.");
        (Name, Description, Input, InputSize, Output, Populations, Projections) = (name, description, input, inputSize, output, populations, projections);
    }

    /// <summary>The size of population <paramref name="name"/> (the input's included).</summary>
    public int SizeOf(string name) => name == Input ? InputSize : Populations.First(p => p.Name == name).Size;

    /// <summary>This network without the projection <paramref name="key"/> (<c>PRE:POST</c>); throws if it has none.</summary>
    public DgNetwork Without(string key)
    {
        if (Projections.All(j => j.Key != key))
            throw new ParsimonyException($"Model '{Name}' has no projection {key} to remove (it has {string.Join(", ", Projections.Select(j => j.Key))}).");
        return new DgNetwork($"{Name} without {key}", $"{Description} Projection {key} removed.", Input, InputSize, Output, Populations,
                             Projections.Where(j => j.Key != key).ToList());
    }
}
