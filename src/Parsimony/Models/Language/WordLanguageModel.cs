using Parsimony.Models.Rnn;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Models.Language;

/// <summary>
/// Embedding → multi-layer Elman RNN → linear decoder over the vocabulary, untied, no dropout; embedding and decoder
/// weights U(−0.1, 0.1), decoder bias 0, RNN PyTorch default (spec moduli.md §3.2). Names: <c>encoder.weight</c>,
/// <c>rnn.rnn.weight_ih_l{k}</c>, <c>rnn.rnn.weight_hh_l{k}</c>, <c>decoder.weight</c>.
/// </summary>
public sealed class WordLanguageModel : nn.Module<Tensor, Tensor?, (Tensor Logits, Tensor Hidden)>
{
    readonly Embedding encoder;
    readonly RecurrentStack rnn;
    readonly Linear decoder;

    /// <summary>Builds the model from libtorch's global generator (build it inside <see cref="RngStreams.Seeded{T}"/>).</summary>
    public WordLanguageModel(int vocabulary, int hidden, int layers, Activation activation) : base("WordLanguageModel")
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

    /// <summary>The recurrent stack.</summary>
    public RecurrentStack Rnn => rnn;

    /// <summary>Logits [T, B, V] and the last hidden state for tokens [T, B].</summary>
    public override (Tensor Logits, Tensor Hidden) forward(Tensor tokens, Tensor? hidden)
    {
        var (output, last) = rnn.ForwardWithHidden(encoder.call(tokens), hidden);
        return (decoder.call(output), last);
    }

    IEnumerable<int> Layers => Enumerable.Range(0, rnn.Spec.Layers);

    NamedWeight Ref(string name) => NamedWeight.In(this, name);

    /// <summary>Every layer's recurrent matrix, layer 0 first.</summary>
    public IReadOnlyList<NamedWeight> RecurrentWeights() => Layers.Select(l => Ref("rnn." + rnn.RecurrentName(l))).ToList();

    /// <summary>The pruned group, in the model's parameter order: embedding, every layer's input and recurrent matrices, decoder (biases never).</summary>
    public IReadOnlyList<NamedWeight> PrunedWeights() =>
    [
        Ref("encoder.weight"),
        .. Layers.SelectMany(l => new[] { Ref("rnn." + rnn.InputName(l)), Ref("rnn." + rnn.RecurrentName(l)) }),
        Ref("decoder.weight"),
    ];

    /// <summary>The matrices of the reference's extra mean-|W| terms, in the model's parameter order: embedding, input matrices, decoder.</summary>
    public IReadOnlyList<Parameter> ExtraL1Weights() =>
        [Ref("encoder.weight").Weight, .. Layers.Select(l => Ref("rnn." + rnn.InputName(l)).Weight), Ref("decoder.weight").Weight];
}
