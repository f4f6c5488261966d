using Parsimony.Models.Language;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Models.Egru;

/// <summary>
/// Embedding → EGRU stack → a decoder tied to the embedding on the last layer's output y (logits = y·Eᵀ + b), the
/// layout of EvNN's language model (spec egru_eventprop.md §A.6.3), the last layer as wide as the embedding, with the
/// AWD dropouts of <see cref="Dropout"/> in training; the state carried between windows is every layer's y (h and the
/// trace restart at 0, as in the reference).
/// </summary>
public sealed class EgruLanguageModel : nn.Module, ICarryingLanguageModel
{
    readonly Embedding encoder;
    readonly EgruNetwork network;
    readonly Parameter bias;

    /// <summary>Builds the model from libtorch's global generator (build it inside <see cref="RngStreams.Seeded{T}"/>); <paramref name="spec"/>'s input and last layer are the embedding width.</summary>
    public EgruLanguageModel(EgruSpec spec, int vocabulary) : base("EgruLanguageModel")
    {
        if (spec.HiddenSizes[^1] != spec.InputSize)
            throw new ParsimonyException($"A tied EGRU language model needs its last layer as wide as the embedding ({spec.InputSize}), not {spec.HiddenSizes[^1]}.");
        encoder = nn.Embedding(vocabulary, spec.InputSize);
        network = new EgruNetwork(spec);
        bias = new Parameter(zeros(vocabulary));
        RegisterComponents();
        using var _ = no_grad();
        encoder.weight!.uniform_(-0.1, 0.1);
    }

    /// <summary>The EGRU stack.</summary>
    public EgruNetwork Network => network;

    /// <summary>The AWD dropouts applied in training (none by default); evaluation never drops.</summary>
    public AwdDropout Dropout { get; set; } = new();

    /// <summary>The layer outputs of the last <see cref="Run"/> (for activity metrics; replaced by the next call).</summary>
    public IReadOnlyList<EgruLayerOutput> LastOutputs { get; private set; } = [];

    /// <inheritdoc/>
    public (Tensor Logits, Tensor[] State) Run(Tensor tokens, Tensor[]? state)
    {
        var drop = training ? Dropout : new AwdDropout();
        var x = drop.OnInput ? drop.Embed(encoder.weight!, tokens) : encoder.call(tokens);
        int last = network.Layers.Count - 1;
        Func<int, Tensor, Tensor>? between = drop.Between > 0 ? (k, y) => k < last ? AwdDropout.Locked(y, drop.Between, drop.Masks) : y : null;
        var outputs = network.Forward(x, state?.Select(s => (Tensor?)s).ToList(), between);
        LastOutputs = outputs;
        return (outputs[^1].Y.matmul(encoder.weight!.t()) + bias, [.. outputs.Select(o => o.LastY)]);
    }
}
