using Parsimony.Models.Rnn;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Language;

/// <summary>
/// Embedding → multi-layer Elman RNN → linear decoder over the vocabulary, untied, no dropout; embedding and decoder
/// weights U(−0.1, 0.1), decoder bias 0, RNN PyTorch default (spec moduli.md §3.2). Names: <c>encoder.weight</c>,
/// <c>rnn.rnn.weight_ih_l{k}</c>, <c>rnn.rnn.weight_hh_l{k}</c>, <c>decoder.weight</c>.
/// </summary>
public sealed class LanguageModel : nn.Module<Tensor, Tensor?, (Tensor Logits, Tensor Hidden)>
{
    readonly Embedding encoder;
    readonly RecurrentStack rnn;
    readonly Linear decoder;

    /// <summary>Builds the model from the global generator.</summary>
    public LanguageModel(int vocabulary, int hidden, int layers, Activation activation) : base("LanguageModel")
    {
        encoder = nn.Embedding(vocabulary, hidden);
        rnn = new RecurrentStack(new RecurrentSpec(CellKind.Elman, hidden, hidden, layers, activation));
        decoder = nn.Linear(hidden, vocabulary);
        RegisterComponents();
        using var _ = no_grad();
        encoder.weight!.uniform_(-0.1, 0.1);
        decoder.weight!.uniform_(-0.1, 0.1);
        decoder.bias!.zero_();
    }

    /// <summary>The recurrent stack (registered as <c>rnn</c>).</summary>
    public RecurrentStack Rnn => rnn;

    /// <summary>Logits [T, B, V] and the last hidden state for tokens [T, B].</summary>
    public override (Tensor Logits, Tensor Hidden) forward(Tensor tokens, Tensor? hidden)
    {
        var (output, last) = rnn.ForwardWithHidden(encoder.call(tokens), hidden);
        return (decoder.call(output), last);
    }

    /// <summary>The pruned group: embedding, decoder, and every input and recurrent matrix (biases never).</summary>
    public IEnumerable<(string Name, Parameter Weight)> PrunedWeights() =>
        named_parameters().Where(p => p.name is "encoder.weight" or "decoder.weight" || p.name.Contains(".weight_", StringComparison.Ordinal));

    /// <summary>The matrices of the reference's extra mean-|W| terms: input matrices, embedding, decoder.</summary>
    public IEnumerable<Parameter> ExtraL1Weights() =>
        named_parameters().Where(p => p.name is "encoder.weight" or "decoder.weight" || p.name.Contains(".weight_ih_", StringComparison.Ordinal)).Select(p => p.parameter);
}
