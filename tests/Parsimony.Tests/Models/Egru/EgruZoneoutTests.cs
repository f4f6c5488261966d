using Parsimony.Models.Egru;
using static TorchSharp.torch;
using static Parsimony.Tests.Models.Egru.EgruTesting;

namespace Parsimony.Tests.Models.Egru;

/// <summary>Zoneout (spec §A.4, §C.2 E7): a per-call Bernoulli mask in training, p·h + (1 − p)·c in evaluation (EvNN's C++ path, not the frozen p·h + (1 − p)·h).</summary>
public class EgruZoneoutTests
{
    const int T = 10, B = 4, I = 3, N = 8;
    const double P = 0.4;

    static EgruWeights Weights(EgruLayer l) => new(l.InputWeight.detach(), l.RecurrentWeight.detach(), l.InputBias.detach(), l.RecurrentBias.detach(), l.Threshold.detach());

    /// <summary>The pre-reset state c of the plain GRU update (no zoneout) from the kernel's state at t − 1, and the kernel's own c.</summary>
    static (Tensor Gru, Tensor Kernel, Tensor HPrev) States(EgruLayer layer, EgruLayerOutput o, Tensor x, int t)
    {
        var w = Weights(layer);
        var prev = t == 0 ? EgruState.Initial(B, N, float64, CPU) : new EgruState(o.Y[t - 1], o.H[t - 1], o.Trace[t - 1]);
        var (_, _, distance) = EgruStep.Step(w, EgruStep.InputProjection(x, w)[t], prev, layer.Spec.Surrogate);
        return (distance + w.Threshold, o.H[t] + o.O[t] * w.Threshold, prev.H);
    }

    [Fact]
    public void E7TrainingKeepsThePreviousStateWhereTheMaskIsZero()
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        var layer = Layer(I, N, EgruSpec.Single(I, N) with { Zoneout = P, ThresholdMean = 0.2 });
        layer.Masks = new Generator(13, CPU);
        var x = Input(T, B, I);
        using var noGrad = no_grad();
        var o = layer.Forward(x);
        var mask = empty([T, B, N], float64).bernoulli_(1 - P, new Generator(13, CPU));
        double kept = 1 - mask.mean().item<double>();
        Assert.InRange(kept, 0.3, 0.5);
        for (int t = 0; t < T; t++)
        {
            var (gru, kernel, hPrev) = States(layer, o, x, t);
            Assert.InRange(MaxDiff(kernel, mask[t] * gru + (1 - mask[t]) * hPrev), 0, 1e-12);
        }
        Assert.False(Same(layer.Forward(x).Y, o.Y));                                    // a new mask per call
    }

    [Fact]
    public void E7EvaluationMixesPreviousAndNewStateAndDoesNotFreezeIt()
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        var layer = Layer(I, N, EgruSpec.Single(I, N) with { Zoneout = P, ThresholdMean = 0.2 });
        layer.eval();
        var x = Input(T, B, I);
        using var noGrad = no_grad();
        var o = layer.Forward(x);
        for (int t = 0; t < T; t++)
        {
            var (gru, kernel, hPrev) = States(layer, o, x, t);
            Assert.InRange(MaxDiff(kernel, P * hPrev + (1 - P) * gru), 0, 1e-12);
        }
        // EvNN's PyTorch fallback, p·h + (1 − p)·h, would keep h₀ = 0 forever: no events, no state.
        Assert.True(EgruMetrics.Activity(o.O) > 0.05);
        Assert.True(MaxDiff(o.H, zeros_like(o.H)) > 0.1);
        Assert.True(Same(layer.Forward(x).Y, o.Y));                                     // deterministic
    }
}
