using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Models.Sernn;

/// <summary>
/// A Keras <c>SimpleRNN</c> (ReLU) with a dense read-out, as the seRNN reference builds it (spec neuro_models.md §A.2):
/// h_t = relu(x_t K + h_{t−1} U + b) from h_0 = 0, logits = h_T W_out + b_out. The recurrent kernel is stored in the
/// Keras orientation (U[i, j] is the weight from unit i to unit j) and there is a single recurrent bias. Initialisation
/// is Keras's default: Glorot-uniform K and W_out, orthogonal U (QR of a Gaussian with the sign fix), zero biases.
/// Build it inside <c>RngStreams.Seeded</c>.
/// </summary>
public sealed class KerasRnn : nn.Module<Tensor, Tensor>
{
    readonly Parameter kernel, recurrent, bias, readout, readoutBias;

    /// <summary>An RNN of <paramref name="inputs"/> → <paramref name="hidden"/> → <paramref name="outputs"/> units.</summary>
    public KerasRnn(int inputs, int hidden, int outputs) : base("KerasRnn")
    {
        Rules.Positive(inputs, "Inputs"); Rules.Positive(hidden, "Hidden"); Rules.Positive(outputs, "Outputs");
        kernel = new Parameter(GlorotUniform(inputs, hidden));
        recurrent = new Parameter(Orthogonal(hidden));
        bias = new Parameter(zeros(hidden));
        readout = new Parameter(GlorotUniform(hidden, outputs));
        readoutBias = new Parameter(zeros(outputs));
        register_parameter("kernel", kernel);
        register_parameter("recurrent_kernel", recurrent);
        register_parameter("bias", bias);
        register_parameter("readout", readout);
        register_parameter("readout_bias", readoutBias);
        Hidden = hidden;
    }

    /// <summary>Recurrent units.</summary>
    public int Hidden { get; }

    /// <summary>The recurrent kernel U (Keras orientation: row i sends, column j receives).</summary>
    public Parameter Recurrent => recurrent;

    /// <summary>The recurrent kernel as the weight that pruning and regularizers act on.</summary>
    public NamedWeight RecurrentRef => new("recurrent_kernel", recurrent);

    /// <summary>Uniform(±√(6 / (fan_in + fan_out))) of shape [fan_in, fan_out] (Keras <c>glorot_uniform</c>).</summary>
    public static Tensor GlorotUniform(int fanIn, int fanOut)
    {
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        return rand(fanIn, fanOut) * (2 * limit) - limit;
    }

    /// <summary>A random orthogonal n × n matrix: Q of the QR of a standard Gaussian, columns signed by diag(R) (Keras <c>orthogonal</c>, gain 1).</summary>
    public static Tensor Orthogonal(int n)
    {
        using var scope = NewDisposeScope();
        var (q, r) = linalg.qr(randn(n, n, dtype: float64));
        return (q * r.diagonal().sign().unsqueeze(0)).to(float32).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>The class scores [B, outputs] after the last step of <paramref name="x"/> [B, T, inputs].</summary>
    public override Tensor forward(Tensor x) => Readout(Run(x, keep: false).Last);

    /// <summary>Class scores of final states [B, hidden].</summary>
    public Tensor Readout(Tensor h) => h.matmul(readout) + readoutBias;

    /// <summary>
    /// Runs <paramref name="x"/> [B, T, inputs]: the last state [B, hidden] and, when <paramref name="keep"/>, every
    /// step's pre-activation and state [B, T, hidden] (for the analyses).
    /// </summary>
    public (Tensor Last, Tensor? Pre, Tensor? States) Run(Tensor x, bool keep)
    {
        // Every step's input drive at once, [B, T, H] → T slices. unbind, not indexing: its backward is one stack, where
        // indexing step by step would allocate a zero [B, T, H] gradient per step.
        var drive = (x.matmul(kernel) + bias).unbind(1);
        long steps = x.shape[1];
        var h = zeros(x.shape[0], Hidden, dtype: x.dtype, device: x.device);
        var pre = keep ? new List<Tensor>() : null;
        var states = keep ? new List<Tensor>() : null;
        for (int t = 0; t < steps; t++)
        {
            var a = t == 0 ? drive[0] : drive[t] + h.matmul(recurrent);
            h = nn.functional.relu(a);
            pre?.Add(a); states?.Add(h);
        }
        return (h, keep ? stack(pre!, 1) : null, keep ? stack(states!, 1) : null);
    }
}
