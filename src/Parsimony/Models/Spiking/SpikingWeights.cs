using Parsimony.Spiking;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Models.Spiking;

/// <summary>
/// The weights of a <see cref="SpikingNetwork"/> as float64 TorchSharp parameters — so the common optimizers,
/// checkpoints and exports apply to a network whose gradients the C# adjoint computes. Each layer's feed-forward
/// weights are one parameter <c>layerL_weight_t</c> of shape [inputs, neurons] (the simulator's layout: one
/// contiguous row per source), recurrent ones <c>layerL_recurrent_t</c> [neurons, neurons]; the export transposes them
/// to PyTorch's [out, in] as <c>layerL.weight</c> and <c>layerL.recurrent</c>.
/// </summary>
public sealed class SpikingWeights : nn.Module
{
    readonly Parameter[] forward;
    readonly Parameter?[] recurrent;

    /// <summary>Parameters for <paramref name="layers"/>, filled from <paramref name="initial"/>.</summary>
    public SpikingWeights(IReadOnlyList<LayerShape> layers, NetworkWeights initial) : base("spiking")
    {
        Layers = layers;
        forward = new Parameter[layers.Count];
        recurrent = new Parameter?[layers.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            forward[l] = new Parameter(tensor(initial.Forward[l], [layers[l].Inputs, layers[l].Neurons], ScalarType.Float64));
            register_parameter($"layer{l}_weight_t", forward[l]);
            if (!layers[l].Recurrent) continue;
            recurrent[l] = new Parameter(tensor(initial.Recurrent[l]!, [layers[l].Neurons, layers[l].Neurons], ScalarType.Float64));
            register_parameter($"layer{l}_recurrent_t", recurrent[l]!);
        }
    }

    /// <summary>The layers.</summary>
    public IReadOnlyList<LayerShape> Layers { get; }

    /// <summary>Copies the current weights into <paramref name="into"/> (for a step's simulation).</summary>
    public void CopyTo(NetworkWeights into)
    {
        using var _ = no_grad();
        for (int l = 0; l < Layers.Count; l++)
        {
            forward[l].data<double>().CopyTo(into.Forward[l]);
            recurrent[l]?.data<double>().CopyTo(into.Recurrent[l]!);
        }
    }

    /// <summary>Sets every parameter's gradient from <paramref name="gradients"/>.</summary>
    public void SetGradients(NetworkWeights gradients)
    {
        for (int l = 0; l < Layers.Count; l++)
        {
            forward[l].grad = tensor(gradients.Forward[l], forward[l].shape, ScalarType.Float64);
            if (recurrent[l] is { } r) r.grad = tensor(gradients.Recurrent[l]!, r.shape, ScalarType.Float64);
        }
    }

    /// <summary>The weights in PyTorch's layout ([out, in]) under <c>layerL.weight</c> / <c>layerL.recurrent</c>.</summary>
    public IReadOnlyDictionary<string, Tensor> Export()
    {
        var export = new Dictionary<string, Tensor>();
        for (int l = 0; l < Layers.Count; l++)
        {
            export[$"layer{l}.weight"] = forward[l].detach().t().contiguous();
            if (recurrent[l] is { } r) export[$"layer{l}.recurrent"] = r.detach().t().contiguous();
        }
        return export;
    }
}
