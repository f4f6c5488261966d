using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Models.Rnn;

/// <summary>A recurrent stack read out linearly from its last hidden state: one number per sequence (the adding problem's model).</summary>
public sealed class LastStepRegressor : nn.Module<Tensor, Tensor>
{
    readonly Linear readout;
    readonly RecurrentStack rnn;

    /// <summary>
    /// Builds the model for sequences of <paramref name="inputSize"/> features (from libtorch's global generator: build
    /// it inside <see cref="RngStreams.Seeded{T}"/>).
    /// </summary>
    public LastStepRegressor(CellKind cell, int inputSize, int hidden, Activation activation) : base("LastStepRegressor")
    {
        rnn = new RecurrentStack(new RecurrentSpec(cell, inputSize, hidden, Activation: activation));
        readout = nn.Linear(hidden, 1);
        RegisterComponents();
    }

    /// <summary>The recurrent stack.</summary>
    public RecurrentStack Rnn => rnn;

    /// <summary>Predictions [B] for time-major input [T, B, features].</summary>
    public override Tensor forward(Tensor input) => readout.call(rnn.call(input, null)[-1]).squeeze(-1);

    /// <summary>The recurrent matrix as the moduli penalty sees it (gates stacked for LSTM/GRU).</summary>
    public NamedWeight RecurrentRef => NamedWeight.In(this, "rnn." + rnn.RecurrentName(0), rnn.Gates);

    /// <summary>The pruned group of the reference, in the model's parameter order: readout weight, input and recurrent matrices.</summary>
    public IReadOnlyList<NamedWeight> PrunedWeights() =>
        [NamedWeight.In(this, "readout.weight"), NamedWeight.In(this, "rnn." + rnn.InputName(0)), RecurrentRef with { Gates = 1 }];
}
