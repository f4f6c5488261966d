using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Models.Egru;

/// <summary>
/// An EGRU stack read out linearly from the last layer's output trace at the last step (EvNN's sequential-MNIST model,
/// <c>--use-output-trace</c>): class scores per sequence, with every layer's outputs for activity and MAC metrics.
/// </summary>
public sealed class EgruClassifier : nn.Module
{
    readonly EgruNetwork network;
    readonly Linear readout;

    /// <summary>Builds the model (from libtorch's global generator: build it inside <see cref="RngStreams.Seeded{T}"/>).</summary>
    public EgruClassifier(EgruSpec spec, int classes) : base("EgruClassifier")
    {
        network = new EgruNetwork(spec);
        readout = nn.Linear(spec.HiddenSizes[^1], classes);
        RegisterComponents();
    }

    /// <summary>The EGRU stack.</summary>
    public EgruNetwork Network => network;

    /// <summary>Logits [B, classes] for time-major input [T, B, features], and every layer's outputs.</summary>
    public (Tensor Logits, IReadOnlyList<EgruLayerOutput> Layers) Run(Tensor input)
    {
        var layers = network.Forward(input);
        return (readout.call(layers[^1].Trace[-1]), layers);
    }
}
