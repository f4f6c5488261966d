using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Models.Rnn;

/// <summary>The recurrent cell of a <see cref="RecurrentStack"/>.</summary>
public enum CellKind
{
    /// <summary>Elman RNN: h' = act(W_ih x + W_hh h [+ b]).</summary>
    Elman,
    /// <summary>Long short-term memory (gates stacked i, f, g, o along dim 0 of each weight).</summary>
    Lstm,
    /// <summary>Gated recurrent unit (gates stacked r, z, n along dim 0 of each weight).</summary>
    Gru,
}

/// <summary>Nonlinearity of an Elman RNN.</summary>
public enum Activation
{
    /// <summary>max(0, x).</summary>
    Relu,
    /// <summary>tanh(x).</summary>
    Tanh,
}

/// <summary>Shape and kind of a recurrent stack.</summary>
/// <param name="Kind">Cell kind.</param>
/// <param name="InputSize">Features per time step.</param>
/// <param name="HiddenSize">Units per layer.</param>
/// <param name="Layers">Number of stacked layers.</param>
/// <param name="Activation">Elman nonlinearity (ignored by LSTM and GRU).</param>
/// <param name="Bias">Whether the cells have biases.</param>
public sealed record RecurrentSpec(CellKind Kind, int InputSize, int HiddenSize, int Layers = 1, Activation Activation = Activation.Relu, bool Bias = true);

/// <summary>
/// A multi-layer Elman/LSTM/GRU over time-major input [T, B, I] returning the last layer's outputs [T, B, H], on
/// libtorch's fused kernels (cuDNN on a GPU). Its weights keep libtorch's names under <c>rnn.</c>
/// (<c>rnn.weight_hh_l0</c>, <c>rnn.weight_ih_l1</c>, …); <see cref="RecurrentWeight"/> and <see cref="InputWeight"/>
/// hand them out as parameters, so no caller needs those names. Initialisation is PyTorch's.
/// </summary>
public sealed class RecurrentStack : nn.Module<Tensor, Tensor?, Tensor>
{
    readonly nn.Module rnn;

    /// <summary>The spec this stack was built from.</summary>
    public RecurrentSpec Spec { get; }

    /// <summary>Builds the stack on the CPU (weights from libtorch's global generator: build it inside <see cref="RngStreams.Seeded{T}"/>).</summary>
    public RecurrentStack(RecurrentSpec spec) : base("RecurrentStack")
    {
        Spec = spec;
        rnn = spec.Kind switch
        {
            CellKind.Elman => nn.RNN(spec.InputSize, spec.HiddenSize, spec.Layers,
                spec.Activation == Activation.Relu ? nn.NonLinearities.ReLU : nn.NonLinearities.Tanh, spec.Bias),
            CellKind.Lstm => nn.LSTM(spec.InputSize, spec.HiddenSize, spec.Layers, spec.Bias),
            _ => nn.GRU(spec.InputSize, spec.HiddenSize, spec.Layers, spec.Bias),
        };
        RegisterComponents();
    }

    /// <summary>Gate blocks stacked along dim 0 of each weight: 1 (Elman), 4 (LSTM), 3 (GRU).</summary>
    public int Gates => Spec.Kind switch { CellKind.Lstm => 4, CellKind.Gru => 3, _ => 1 };

    /// <summary>The recurrent matrix W_hh [gates·H, H] of layer <paramref name="layer"/>.</summary>
    public Parameter RecurrentWeight(int layer) => Weight(RecurrentName(layer));

    /// <summary>The input matrix W_ih [gates·H, I] of layer <paramref name="layer"/>.</summary>
    public Parameter InputWeight(int layer) => Weight(InputName(layer));

    /// <summary>Every layer's recurrent matrix, layer 0 first.</summary>
    public IEnumerable<Parameter> RecurrentWeights() => Enumerable.Range(0, Spec.Layers).Select(RecurrentWeight);

    /// <summary>The state name, within this stack, of layer <paramref name="layer"/>'s recurrent matrix.</summary>
    public string RecurrentName(int layer) => Name("weight_hh_l", layer);

    /// <summary>The state name, within this stack, of layer <paramref name="layer"/>'s input matrix.</summary>
    public string InputName(int layer) => Name("weight_ih_l", layer);

    string Name(string prefix, int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, Spec.Layers);
        return $"rnn.{prefix}{layer}";
    }

    Parameter Weight(string name) => NamedWeight.In(this, name).Weight;

    /// <summary>
    /// Runs an Elman or GRU stack and also returns the last hidden state [layers, B, H], to carry across truncated-BPTT
    /// windows. LSTM state (h, c) is not carried.
    /// </summary>
    public (Tensor Output, Tensor Hidden) ForwardWithHidden(Tensor input, Tensor? h0) => rnn switch
    {
        RNN elman => elman.call(input, h0),
        GRU gru => gru.call(input, h0),
        _ => throw new ParsimonyException("Carrying the hidden state across windows is supported for Elman and GRU stacks only."),
    };

    /// <summary>
    /// Runs any stack carrying its whole state across truncated-BPTT windows: the hidden state [layers, B, H] and, for
    /// LSTM, the cell state <paramref name="c0"/> (null for zeros; null again in the result for Elman and GRU).
    /// </summary>
    public (Tensor Output, Tensor Hidden, Tensor? Cell) ForwardCarrying(Tensor input, Tensor? h0, Tensor? c0)
    {
        if (rnn is not LSTM lstm)
        {
            var (output, hidden) = ForwardWithHidden(input, h0);
            return (output, hidden, null);
        }
        var (y, h, c) = lstm.call(input, h0 is null ? null : (h0, c0 ?? zeros_like(h0)));
        return (y, h, c);
    }

    /// <summary>Runs the stack; <paramref name="h0"/> is [layers, B, H] or null for zeros (LSTM cells start at zero).</summary>
    public override Tensor forward(Tensor input, Tensor? h0) => rnn switch
    {
        RNN elman => elman.call(input, h0).Item1,
        GRU gru => gru.call(input, h0).Item1,
        LSTM lstm => lstm.call(input, h0 is null ? null : (h0, zeros_like(h0))).Item1,
        _ => throw new InvalidOperationException("unreachable"),
    };
}
