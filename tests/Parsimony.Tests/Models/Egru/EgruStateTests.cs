using Parsimony.Models.Egru;
using TorchSharp;
using static TorchSharp.torch;
using static Parsimony.Tests.Models.Egru.EgruTesting;

namespace Parsimony.Tests.Models.Egru;

/// <summary>State semantics (spec §A.1, §C.2 E6): y₀ is injectable, h₀ and the trace always start at 0, chunks carry y only.</summary>
public class EgruStateTests
{
    const int T = 8, B = 3, I = 4, N = 6;
    static readonly EgruSpec Spec = EgruSpec.Single(I, N) with { ThresholdMean = 0.2 };

    static EgruWeights Weights(EgruLayer l) => new(l.InputWeight.detach(), l.RecurrentWeight.detach(), l.InputBias.detach(), l.RecurrentBias.detach(), l.Threshold.detach());

    [Fact]
    public void E6Y0EntersOnlyTheFirstRecurrentInputAndTheCellStateStartsAtZero()
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        var layer = Layer(I, N, Spec);
        var x = Input(T, B, I);
        var y0 = Input(1, B, N, seed: 3)[0].abs();
        using var noGrad = no_grad();
        var o = layer.Forward(x, y0);

        var w = Weights(layer);
        var pre = x[0].matmul(w.InputWeight.t()) + w.InputBias;
        var rec = y0.matmul(w.RecurrentWeight.t()) + w.RecurrentBias;
        var z = (pre[.., ..N] + rec[.., ..N]).sigmoid();
        var r = (pre[.., N..(2 * N)] + rec[.., N..(2 * N)]).sigmoid();
        var g = (pre[.., (2 * N)..] + r * rec[.., (2 * N)..]).tanh();
        var c = (1 - z) * g;                                                             // z·h₀ with h₀ = 0
        var events = (c - w.Threshold).gt(0).to_type(float64);
        Assert.InRange(MaxDiff(o.Y[0], events * c), 0, 1e-12);
        Assert.InRange(MaxDiff(o.H[0], c - events * w.Threshold), 0, 1e-12);
        Assert.InRange(MaxDiff(o.Trace[0], 0.1 * o.Y[0]), 0, 1e-15);                     // tr₀ = 0

        var state = new EgruState(o.Y[0], o.H[0], o.Trace[0]);                          // from step 1 on, y₀ has no route but the state
        var px = EgruStep.InputProjection(x, w);
        for (int t = 1; t < T; t++)
        {
            (state, _, _) = EgruStep.Step(w, px[t], state, Spec.Surrogate);
            Assert.InRange(MaxDiff(o.Y[t], state.Y), 0, 1e-12);
            Assert.InRange(MaxDiff(o.Trace[t], state.Trace), 0, 1e-12);
        }
        Assert.False(Same(o.Y[0], layer.Forward(x, null).Y[0]));
    }

    [Fact]
    public void E6ChunkedRunsCarryOnlyTheOutput()
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        var net = RngStreams.Seeded(4, () => new EgruNetwork(new EgruSpec(I, [N, 5], ThresholdMean: 0.2)));
        net.to(float64);
        var x = Input(T, B, I);
        using var noGrad = no_grad();
        var whole = net.Forward(x);
        var first = net.Forward(x[..4]);
        var second = net.Forward(x[4..], EgruNetwork.Carry(first));

        Assert.True(Same(first[1].Y, whole[1].Y[..4]));
        // The reference behaviour: the next chunk starts from (y_T, h = 0, tr = 0) in every layer.
        var input = x[4..];
        for (int k = 0; k < 2; k++)
        {
            var layer = net.Layers[k];
            var w = Weights(layer);
            var state = new EgruState(first[k].LastY, zeros_like(first[k].LastY), zeros_like(first[k].LastY));
            var px = EgruStep.InputProjection(input, w);
            var ys = new List<Tensor>();
            for (int t = 0; t < 4; t++)
            {
                (state, _, _) = EgruStep.Step(w, px[t], state, layer.Spec.Surrogate);
                ys.Add(state.Y);
            }
            Assert.InRange(MaxDiff(second[k].Y, stack(ys)), 0, 1e-12);
            input = second[k].Y;
        }
        Assert.False(Same(second[0].H, whole[0].H[4..]));                                // h was reset at the boundary
    }

    [Fact]
    public void StreamingStepsEqualTheSequenceForwardInEvaluation()
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        var layer = Layer(I, N, Spec with { Zoneout = 0.3 });
        layer.eval();
        var x = Input(T, B, I);
        using var noGrad = no_grad();
        var o = layer.Forward(x);
        var state = EgruState.Initial(B, N, float64, CPU);
        for (int t = 0; t < T; t++)
        {
            (state, var events) = layer.Step(x[t], state);
            Assert.True(Same(events, o.O[t]));
            Assert.InRange(MaxDiff(state.H, o.H[t]), 0, 1e-12);
        }
    }
}
