using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Models.Sernn;

/// <summary>
/// K independent <see cref="KerasRnn"/>s trained as one module: every parameter is stacked along a leading network
/// dimension ([K, …]) and each step is one batched product (<c>baddbmm</c>) for all networks, so libtorch's per-operation
/// cost is paid once per K networks. The networks share nothing but the inputs: the sum of their losses has, for each
/// network's parameters, exactly that network's gradient, and Adam is elementwise, so training the stack is training
/// K networks side by side. Network k computes what <see cref="KerasRnn"/> computes with the same parameters.
/// </summary>
public sealed class KerasRnnStack : nn.Module<Tensor, Tensor>
{
    readonly Parameter kernel, recurrent, bias, readout, readoutBias;

    /// <summary>A stack holding copies of <paramref name="networks"/>' parameters (all of one shape).</summary>
    public KerasRnnStack(IReadOnlyList<KerasRnn> networks) : base("KerasRnnStack")
    {
        Rules.Require(networks.Count > 0, "Networks", "needs at least one network.");
        Rules.Require(networks.All(n => n.Hidden == networks[0].Hidden), "Hidden", "must be the same in every stacked network.");
        using (no_grad())
        {
            Parameter Stack(Func<KerasRnn, Tensor> part, bool row = false) =>
                new(stack(networks.Select(n => row ? part(n).unsqueeze(0) : part(n)).ToList()).detach().clone());
            kernel = Stack(n => n.state_dict()["kernel"]);
            recurrent = Stack(n => n.Recurrent);
            bias = Stack(n => n.state_dict()["bias"], row: true);
            readout = Stack(n => n.state_dict()["readout"]);
            readoutBias = Stack(n => n.state_dict()["readout_bias"], row: true);
        }
        register_parameter("kernel", kernel);
        register_parameter("recurrent_kernel", recurrent);
        register_parameter("bias", bias);
        register_parameter("readout", readout);
        register_parameter("readout_bias", readoutBias);
        Count = networks.Count;
        Hidden = networks[0].Hidden;
    }

    /// <summary>Networks in the stack (K).</summary>
    public int Count { get; }

    /// <summary>Recurrent units per network.</summary>
    public int Hidden { get; }

    /// <summary>The recurrent kernels [K, N, N], each in the Keras orientation (row i sends, column j receives).</summary>
    public Parameter Recurrent => recurrent;

    /// <summary>The class scores [K, B, outputs] of every network after the last step of <paramref name="x"/> [B, T, inputs] (shared inputs).</summary>
    public override Tensor forward(Tensor x) => Readout(Run(x, keep: false).Last);

    /// <summary>Class scores [K, B, outputs] of final states [K, B, hidden].</summary>
    public Tensor Readout(Tensor h) => h.baddbmm(readout, readoutBias);   // TorchSharp: batch1.baddbmm(batch2, input) = input + batch1 @ batch2

    /// <summary>
    /// Runs every network on <paramref name="x"/> [B, T, inputs]: the last states [K, B, hidden] and, when
    /// <paramref name="keep"/>, every step's state [K, B, T, hidden].
    /// </summary>
    public (Tensor Last, Tensor? States) Run(Tensor x, bool keep)
    {
        long steps = x.shape[1];
        // Each step's input drive x_t K + b is made when it is needed: all of them at once would be one tensor of
        // K · B · T · N floats (and its gradient), above the allocator's reuse threshold for a stack of networks.
        Tensor Drive(long t) => x[.., t].matmul(kernel) + bias;
        Tensor h = nn.functional.relu(Drive(0));
        var states = keep ? new List<Tensor> { h } : null;
        for (long t = 1; t < steps; t++)
        {
            h = h.baddbmm(recurrent, Drive(t)).relu_();   // TorchSharp: batch1.baddbmm(batch2, input) = input + batch1 @ batch2
            states?.Add(h);
        }
        return (h, keep ? stack(states!, 2) : null);
    }
}
