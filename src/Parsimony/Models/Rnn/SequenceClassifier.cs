using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Models.Rnn;

/// <summary>A recurrent stack read out linearly from its last hidden state: class scores per sequence (the GRU and LSTM baselines of sequence classification).</summary>
public sealed class SequenceClassifier : nn.Module<Tensor, Tensor>
{
    readonly Linear readout;
    readonly RecurrentStack rnn;

    /// <summary>Builds the model (from libtorch's global generator: build it inside <see cref="RngStreams.Seeded{T}"/>).</summary>
    public SequenceClassifier(RecurrentSpec spec, int classes) : base("SequenceClassifier")
    {
        rnn = new RecurrentStack(spec);
        readout = nn.Linear(spec.HiddenSize, classes);
        RegisterComponents();
    }

    /// <summary>The recurrent stack.</summary>
    public RecurrentStack Rnn => rnn;

    /// <summary>Logits [B, classes] for time-major input [T, B, features].</summary>
    public override Tensor forward(Tensor input) => readout.call(rnn.call(input, null)[-1]);
}
