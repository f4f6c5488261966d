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

    /// <inheritdoc/>
    public (Tensor Logits, Tensor[] State) Run(Tensor tokens, Tensor[]? state)
    {
        var (output, h, c) = rnn.ForwardCarrying(encoder.call(tokens), state?[0], state is { Length: > 1 } ? state[1] : null);
        return (output.matmul(encoder.weight!.t()) + bias, c is null ? [h] : [h, c]);
    }
}
