using Xunit.Abstractions;
using Parsimony.Models.Egru;
using static TorchSharp.torch;
using static Parsimony.Tests.Models.Egru.EgruTesting;

namespace Parsimony.Tests.Models.Egru;

/// <summary>
/// The kernel's hand-written backward (spec §A.3) against central differences of the frozen-Heaviside forward
/// (spec §C.2 E2): o = H(x⁰) + S(x) − S(x⁰) with x⁰ = c − ϑ of the base run and S the triangle's antiderivative, whose
/// exact derivative is the surrogate gradient. float64, T = 6, B = 2, I = 3, N = 4, γ = 0.7, s = 1.7. Also the in-layer
/// gradient clipping.
/// </summary>
public class EgruGradientTests(ITestOutputHelper log)
{
    const int T = 6, B = 2, I = 3, N = 4;
    const double Eps = 1e-6;

    public enum Zone { None, Train, Eval }

    static EgruSpec Spec(Zone zone) => EgruSpec.Single(I, N) with { ThresholdMean = 0.3, Dampening = 0.7, Support = 1.7, Zoneout = zone == Zone.None ? 0 : 0.4 };

    /// <summary>S(x) elementwise (spec §A.2).</summary>
    static Tensor Antiderivative(Tensor x, TriangleSurrogate s)
    {
        double e = s.HalfWidth;
        var rising = (x + e).square() / (2 * e);
        var falling = e / 2 + x - x.square() / (2 * e);
        return s.Dampening * where(x <= -e, zeros_like(x), where(x <= 0, rising, where(x < e, falling, full_like(x, e))));
    }

    /// <summary>The test loss of the unrolled reference with the events frozen at <paramref name="frozen"/> (null: record them).</summary>
    static double FrozenLoss(Tensor[] p, Tensor x, Tensor y0, Tensor? keep, TriangleSurrogate s, Tensor[] w, List<Tensor> frozen, bool record)
    {
        using var noGrad = no_grad();
        var weights = new EgruWeights(p[0], p[1], p[2], p[3], p[4]);
        var px = EgruStep.InputProjection(x, weights);
        var state = EgruState.Initial(B, N, float64, CPU, y0);
        var outs = new List<(Tensor Y, Tensor H, Tensor Tr, Tensor O)>();
        for (int t = 0; t < T; t++)
        {
            int step = t;
            Func<Tensor, Tensor>? fire = record ? null : d => frozen[step].gt(0).to_type(float64) + Antiderivative(d, s) - Antiderivative(frozen[step], s);
            (state, var o, var distance) = EgruStep.Step(weights, px[t], state, s, keep?[t], fire);
            if (record) frozen.Add(distance.clone().MoveToOuterDisposeScope());
            outs.Add((state.Y, state.H, state.Trace, o));
        }
        var output = new EgruLayerOutput(stack(outs.Select(o => o.Y)), stack(outs.Select(o => o.H)), stack(outs.Select(o => o.O)), stack(outs.Select(o => o.Tr)));
        return Loss(output, w).item<double>();
    }

    [Theory]
    [InlineData(Zone.None, false)]
    [InlineData(Zone.None, true)]
    [InlineData(Zone.Train, true)]
    [InlineData(Zone.Eval, true)]
    public void E2BackwardMatchesFrozenHeavisideCentralDifferences(Zone zone, bool eventTerm)
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        var spec = Spec(zone);
        var layer = Layer(I, N, spec, seed: 3);
        layer.train(zone != Zone.Eval);
        var x = Input(T, B, I, scale: 1.2);
        var y0 = Input(1, B, N, seed: 5, scale: 0.4)[0];
        var w = LossWeights(T, B, N, events: eventTerm);
        layer.Masks = new Generator(21, CPU);
        var (output, grads) = Run(layer, x, y0, EgruBackend.Sparse, w);
        Tensor? keep = zone switch
        {
            Zone.Train => empty([T, B, N], float64).bernoulli_(1 - spec.Zoneout, new Generator(21, CPU)),
            Zone.Eval => full([T, B, N], 1 - spec.Zoneout, float64),
            _ => null,
        };
        double activity = EgruMetrics.Activity(output.O);
        Assert.InRange(activity, 0.1, 0.8);

        var p = new[] { layer.InputWeight, layer.RecurrentWeight, layer.InputBias, layer.RecurrentBias, layer.Threshold }.Select(t => t.detach().clone()).ToArray();
        var frozen = new List<Tensor>();
        var s = spec.Surrogate;
        double baseLoss = FrozenLoss(p, x, y0, keep, s, w, frozen, record: true);
        Assert.Equal(Loss(output, w).item<double>(), baseLoss, 12);

        var all = new (string Name, Tensor Value)[] { ("weight_ih", p[0]), ("weight_hh", p[1]), ("bias_ih", p[2]), ("bias_hh", p[3]), ("threshold", p[4]), ("x", x.clone()), ("y0", y0.clone()) };
        double worst = 0;
        int checkedCount = 0;
        foreach (var (name, value) in all)
        {
            var flat = value.view(-1);
            var g = grads[name].contiguous().view(-1).data<double>().ToArray();
            for (int k = 0; k < g.Length; k++)
            {
                double keepValue = flat[k].item<double>();
                flat[k] = keepValue + Eps;
                double up = FrozenLoss(p, name == "x" ? value : x, name == "y0" ? value : y0, keep, s, w, frozen, false);
                flat[k] = keepValue - Eps;
                double down = FrozenLoss(p, name == "x" ? value : x, name == "y0" ? value : y0, keep, s, w, frozen, false);
                flat[k] = keepValue;
                double fd = (up - down) / (2 * Eps), deviation = Math.Abs(fd - g[k]);
                if (Math.Abs(g[k]) >= 1e-3) { worst = Math.Max(worst, deviation / Math.Abs(g[k])); checkedCount++; }
                else Assert.True(deviation < 1e-8, $"d{name}[{k}]: FD {fd:g6}, backward {g[k]:g6}");
            }
        }
        log.WriteLine($"E2 {zone} events={eventTerm}: worst relative deviation {worst:g3} over {checkedCount} gradients, activity {activity:g3}");
        Assert.True(checkedCount > 100, $"only {checkedCount} gradients were large enough to compare");
        Assert.True(worst <= 1e-5, $"worst relative deviation {worst:g3} at activity {activity:g3}");
    }

    [Fact]
    public void InLayerClippingScalesEveryGradientButTheInputs()
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        var layer = Layer(I, N, Spec(Zone.None), seed: 3);
        var clipped = Layer(I, N, Spec(Zone.None) with { GradClip = 1e-3 }, seed: 3);
        var x = Input(T, B, I, scale: 1.2);
        var y0 = Input(1, B, N, seed: 5, scale: 0.4)[0];
        var w = LossWeights(T, B, N);
        var (_, free) = Run(layer, x, y0, EgruBackend.Sparse, w);
        var (_, grads) = Run(clipped, x, y0, EgruBackend.Sparse, w);
        string[] clippedNames = ["y0", "weight_ih", "weight_hh", "bias_ih", "bias_hh", "threshold"];
        double norm = Math.Sqrt(clippedNames.Sum(n => free[n].square().sum().item<double>()));
        double scale = 1e-3 / (norm + 1e-6);
        Assert.True(scale < 0.1);
        foreach (var n in clippedNames) Assert.InRange(MaxDiff(grads[n], free[n] * scale), 0, 1e-15);
        Assert.True(Same(grads["x"], free["x"]));
    }
}
