using Parsimony.Models.Rnn;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Models.Navigation;

/// <summary>How the recurrent matrix starts.</summary>
public enum RecurrentInit
{
    /// <summary>PyTorch's default U(±1/√N).</summary>
    Pytorch,
    /// <summary>The identity (IRNN).</summary>
    Identity,
}

/// <summary>
/// The path-integration RNN (spec moduli.md §3.1): encoder Linear(Np → Ng, no bias) maps a start code to h₀, a
/// bias-free ReLU Elman layer integrates the 2-D input, decoder Linear(Ng → Np, no bias) gives the outputs (place-cell
/// logits, or rates ≥ 0 with a ReLU readout as in the self-supervised information runs of spec ssi.md §3).
/// Weight names: <c>encoder.weight</c>, <c>rnn.rnn.weight_ih_l0</c>, <c>rnn.rnn.weight_hh_l0</c>, <c>decoder.weight</c>.
/// </summary>
public sealed class PathIntegrationRnn : nn.Module<Tensor, Tensor, Tensor>
{
    readonly Linear encoder, decoder;
    readonly RecurrentStack rnn;
    readonly double startGain;
    readonly bool reluReadout;

    /// <summary>
    /// Builds the model with PyTorch's default initialisation from libtorch's global generator (build it inside
    /// <see cref="RngStreams.Seeded{T}"/>); W_hh = I when <paramref name="init"/> is <see cref="RecurrentInit.Identity"/>;
    /// <paramref name="startGain"/> multiplies the start code; <paramref name="reluReadout"/> makes the outputs rates.
    /// </summary>
    public PathIntegrationRnn(int codeSize, int hidden, RecurrentInit init = RecurrentInit.Pytorch, double startGain = 1,
                              bool reluReadout = false) : base("PathIntegrationRnn")
    {
        encoder = nn.Linear(codeSize, hidden, hasBias: false);
        rnn = new RecurrentStack(new RecurrentSpec(CellKind.Elman, 2, hidden, Activation: Activation.Relu, Bias: false));
        decoder = nn.Linear(hidden, codeSize, hasBias: false);
        this.startGain = startGain;
        this.reluReadout = reluReadout;
        RegisterComponents();
        if (init == RecurrentInit.Identity)
            using (no_grad()) rnn.RecurrentWeight(0).copy_(eye(hidden));
    }

    /// <summary>The recurrent stack (one ReLU Elman layer, no biases).</summary>
    public RecurrentStack Rnn => rnn;

    /// <summary>The gain on the start code.</summary>
    public double StartGain => startGain;

    /// <summary>The recurrent matrix W_hh [Ng, Ng].</summary>
    public Parameter Recurrent => rnn.RecurrentWeight(0);

    NamedWeight Ref(string name) => NamedWeight.In(this, name);

    /// <summary>Hidden states [T, B, Ng] for input [T, B, 2] and start code [B, Np].</summary>
    public Tensor Hidden(Tensor input, Tensor startCode) =>
        rnn.call(input, encoder.call(startGain == 1 ? startCode : startCode * startGain).unsqueeze(0));

    /// <summary>Outputs [T, B, Np] (rates ≥ 0 with a ReLU readout).</summary>
    public override Tensor forward(Tensor input, Tensor startCode) => Readout(Hidden(input, startCode));

    /// <summary>The decoder applied to hidden states [..., Ng] (with the ReLU when the outputs are rates).</summary>
    public Tensor Readout(Tensor hidden)
    {
        var output = decoder.call(hidden);
        return reluReadout ? output.relu() : output;
    }

    /// <summary>The weights gradual pruning acts on: encoder, decoder, input and recurrent matrices (in the model's parameter order).</summary>
    public IReadOnlyList<NamedWeight> PrunedWeights() =>
        [Ref("encoder.weight"), Ref("decoder.weight"), Ref("rnn." + rnn.InputName(0)), RecurrentRef];

    /// <summary>The recurrent matrix as the moduli penalty sees it.</summary>
    public NamedWeight RecurrentRef => Ref("rnn." + rnn.RecurrentName(0));
}
