using Parsimony.Models.Rnn;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Models.Language;

/// <summary>
/// Embedding → multi-layer GRU or LSTM → a decoder tied to the embedding (logits = y·Eᵀ + b), the AWD-LSTM layout of
/// spec egru_eventprop.md §A.6.3 at any size: the embedding has the recurrent width. Embedding U(−0.1, 0.1), decoder bias 0.
/// </summary>
public sealed class TiedLanguageModel : nn.Module, ICarryingLanguageModel
{
    readonly Embedding encoder;
    readonly RecurrentStack rnn;
    readonly Parameter bias;

    /// <summary>Builds the model from libtorch's global generator (build it inside <see cref="RngStreams.Seeded{T}"/>).</summary>
    public TiedLanguageModel(CellKind cell, int vocabulary, int hidden, int layers) : base("TiedLanguageModel")
    {
        encoder = nn.Embedding(vocabulary, hidden);
        rnn = new RecurrentStack(new RecurrentSpec(cell, hidden, hidden, layers));
        bias = new Parameter(zeros(vocabulary));
        RegisterComponents();
        using var _ = no_grad();
        encoder.weight!.uniform_(-0.1, 0.1);
    }

    /// <summary>The AWD dropouts applied in training (word and embedding; the layers are one libtorch module, so nothing between them); evaluation never drops.</summary>
    public AwdDropout Dropout { get; set; } = new();

    /// <summary>The recurrent stack.</summary>
    public RecurrentStack Rnn => rnn;

    /// <inheritdoc/>
    public (Tensor Logits, Tensor[] State) Run(Tensor tokens, Tensor[]? state)
    {
        var drop = training ? Dropout : new AwdDropout();
        if (drop.Between > 0 && rnn.Spec.Layers > 1) throw new ParsimonyException("Dropout between the layers of a libtorch multi-layer cell is not supported.");
        var x = drop.OnInput ? drop.Embed(encoder.weight!, tokens) : encoder.call(tokens);
        var (output, h, c) = rnn.ForwardCarrying(x, state?[0], state is { Length: > 1 } ? state[1] : null);
        return (output.matmul(encoder.weight!.t()) + bias, c is null ? [h] : [h, c]);
    }
}
