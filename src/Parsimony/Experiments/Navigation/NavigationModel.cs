using Parsimony.Models.Rnn;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Navigation;

/// <summary>
/// The path-integration RNN (spec moduli.md §3.1): encoder Linear(Np → Ng, no bias) maps the start's place code to h₀,
/// a bias-free ReLU Elman layer integrates the 2-D velocity, decoder Linear(Ng → Np, no bias) gives place-cell logits.
/// Weight names: <c>encoder.weight</c>, <c>rnn.rnn.weight_ih_l0</c>, <c>rnn.rnn.weight_hh_l0</c>, <c>decoder.weight</c>.
/// The self-supervised information runs (spec ssi.md §3) use the same network with a ReLU readout (non-negative rates).
/// </summary>
public sealed class NavigationModel : nn.Module<Tensor, Tensor, Tensor>
{
    readonly Linear encoder, decoder;
    readonly RecurrentStack rnn;
    readonly double startGain;
    readonly bool reluReadout;

    /// <summary>
    /// Builds the model with PyTorch's default initialisation from the global generator (W_hh = I when
    /// <paramref name="init"/> is <see cref="RecurrentInit.Identity"/>); <paramref name="startGain"/> multiplies the start code;
    /// <paramref name="reluReadout"/> makes the outputs rates.
    /// </summary>
    public NavigationModel(int placeCells, int hidden, RecurrentInit init = RecurrentInit.Pytorch, double startGain = 1,
                           bool reluReadout = false) : base("NavigationModel")
    {
        encoder = nn.Linear(placeCells, hidden, hasBias: false);
        rnn = new RecurrentStack(new RecurrentSpec(CellKind.Elman, 2, hidden, Activation: Activation.Relu, Bias: false));
        decoder = nn.Linear(hidden, placeCells, hasBias: false);
        this.startGain = startGain;
        this.reluReadout = reluReadout;
        RegisterComponents();
        if (init == RecurrentInit.Identity)
            using (no_grad()) rnn.RecurrentWeights().Single().Weight.copy_(eye(hidden));
    }

    /// <summary>The recurrent layer (registered as <c>rnn</c>).</summary>
    public RecurrentStack Rnn => rnn;

    /// <summary>Hidden states [T, B, Ng] for velocity [T, B, 2] and start code [B, Np].</summary>
    public Tensor Hidden(Tensor velocity, Tensor startCode) =>
        Rnn.call(velocity, encoder.call(startGain == 1 ? startCode : startCode * startGain).unsqueeze(0));

    /// <summary>Place-cell logits [T, B, Np] (rates ≥ 0 with a ReLU readout).</summary>
    public override Tensor forward(Tensor velocity, Tensor startCode) => Readout(Hidden(velocity, startCode));

    /// <summary>The decoder applied to hidden states [..., Ng] (with the ReLU when the outputs are rates).</summary>
    public Tensor Readout(Tensor hidden)
    {
        var output = decoder.call(hidden);
        return reluReadout ? output.relu() : output;
    }

    /// <summary>The weights gradual pruning acts on, by name: encoder, input, recurrent and decoder matrices.</summary>
    public IEnumerable<(string Name, Parameter Weight)> PrunedWeights() =>
        named_parameters().Where(p => p.name.EndsWith("weight", StringComparison.Ordinal) || p.name.Contains(".weight_", StringComparison.Ordinal));
}
