using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Models.Egru;

/// <summary>
/// A stack of <see cref="EgruLayer"/>s (spec §A.1): layer k + 1 reads layer k's sparse output y. Weights are named
/// <c>layers.{k}.weight_ih</c>, <c>layers.{k}.weight_hh</c>, <c>layers.{k}.bias_ih</c>, <c>layers.{k}.bias_hh</c>,
/// <c>layers.{k}.threshold</c>. Read-outs, embeddings and dropout between layers belong to the model that uses it.
/// </summary>
public sealed class EgruNetwork : nn.Module
{
    readonly ModuleList<EgruLayer> layers;

    /// <summary>Builds the stack from libtorch's global generator (build inside <see cref="RngStreams.Seeded{T}"/>).</summary>
    public EgruNetwork(EgruSpec spec) : base("EgruNetwork")
    {
        spec.Validate();
        Spec = spec;
        var built = new EgruLayer[spec.HiddenSizes.Count];
        for (int k = 0; k < built.Length; k++)
            built[k] = new EgruLayer(k == 0 ? spec.InputSize : spec.HiddenSizes[k - 1], spec.HiddenSizes[k], spec);
        layers = nn.ModuleList(built);
        RegisterComponents();
    }

    /// <summary>The spec this stack was built from.</summary>
    public EgruSpec Spec { get; }

    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<EgruLayer> Layers => [.. layers];

    /// <summary>Sets every layer's backend.</summary>
    public EgruBackend Backend { set { foreach (var l in layers) l.Backend = value; } }

    /// <summary>Sets every layer's mask generator (DropConnect, zoneout).</summary>
    public Generator? Masks { set { foreach (var l in layers) l.Masks = value; } }

    /// <summary>
    /// Every layer's outputs for input [T, B, I]; <paramref name="y0"/> holds one y₀ per layer (or null), e.g. the
    /// previous chunk's detached <see cref="EgruLayerOutput.LastY"/>s; <paramref name="between"/> (layer k, y_k) → the
    /// next layer's input (e.g. variational dropout).
    /// </summary>
    public IReadOnlyList<EgruLayerOutput> Forward(Tensor x, IReadOnlyList<Tensor?>? y0 = null, Func<int, Tensor, Tensor>? between = null)
    {
        if (y0 is not null && y0.Count != layers.Count)
            throw new ParsimonyException($"The EGRU stack has {layers.Count} layers but {y0.Count} initial outputs were given.");
        var outputs = new List<EgruLayerOutput>(layers.Count);
        var input = x;
        for (int k = 0; k < layers.Count; k++)
        {
            var output = layers[k].Forward(input, y0?[k]);
            outputs.Add(output);
            input = between is null ? output.Y : between(k, output.Y);
        }
        return outputs;
    }

    /// <summary>
    /// The state the next truncated-BPTT chunk starts from, as EvNN's language model carries it: every layer's detached
    /// y_T (h and the trace restart at 0). Pass it as <see cref="Forward"/>'s y0.
    /// </summary>
    public static IReadOnlyList<Tensor?> Carry(IReadOnlyList<EgruLayerOutput> outputs) => [.. outputs.Select(o => (Tensor?)o.LastY.detach())];

    /// <summary>Every layer's recurrent matrix (3 gate blocks), input side first.</summary>
    public IReadOnlyList<NamedWeight> RecurrentWeights() =>
        Enumerable.Range(0, layers.Count).Select(k => NamedWeight.In(this, $"layers.{k}.weight_hh", 3)).ToList();

    /// <summary>The weights pruning acts on: every layer's input and recurrent matrices (biases and thresholds never).</summary>
    public IReadOnlyList<NamedWeight> PrunedWeights() => Enumerable.Range(0, layers.Count)
        .SelectMany(k => new[] { NamedWeight.In(this, $"layers.{k}.weight_ih", 3), NamedWeight.In(this, $"layers.{k}.weight_hh", 3) }).ToList();

    /// <summary>Every layer's thresholds (their own optimizer group: EvNN's LM freezes them).</summary>
    public IReadOnlyList<Parameter> Thresholds() => layers.Select(l => l.Threshold).ToList();

    /// <summary>Every parameter but the thresholds.</summary>
    public IReadOnlyList<Parameter> WeightsAndBiases() =>
        layers.SelectMany(l => new[] { l.InputWeight, l.RecurrentWeight, l.InputBias, l.RecurrentBias }).ToList();
}
