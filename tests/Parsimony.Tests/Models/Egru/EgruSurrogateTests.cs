using Parsimony.Models.Egru;
using static TorchSharp.torch;
using static Parsimony.Tests.Models.Egru.EgruTesting;

namespace Parsimony.Tests.Models.Egru;

/// <summary>The triangle pseudo-derivative (spec §A.2, §C.2 E3) and the strict Heaviside.</summary>
public class EgruSurrogateTests
{
    [Fact]
    public void E3HeavisideIsStrictAndItsGradientIsTheTriangle()
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        var s = new TriangleSurrogate(0.7, 1.7);
        var x = linspace(-1, 1, 201, float64).requires_grad_();
        var o = s.Fire(x);
        Assert.Equal(0.0, o[100].item<double>());                                   // x = 0 exactly: H(0) = 0
        Assert.True(Same(o, (x.detach() > 0).to_type(float64)));
        o.sum().backward();
        var g = x.grad!.data<double>().ToArray();
        var xs = x.detach().data<double>().ToArray();
        for (int i = 0; i < xs.Length; i++)
        {
            if (Math.Abs(xs[i]) >= 1 / 1.7) Assert.Equal(0.0, g[i]);
            else Assert.Equal(0.7 * (1 - 1.7 * Math.Abs(xs[i])), g[i], 14);
            Assert.Equal(s.Psi(xs[i]), g[i], 14);
        }
        Assert.Equal(0.7, s.Antiderivative(10) / s.HalfWidth, 12);                  // area γ/s
        Assert.Equal(0.0, s.Antiderivative(-10));
    }

    [Fact]
    public void E3GradientThroughTheEventsVanishesOutsideTheSupportAndScalesWithTheDampening()
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        const int I = 3, N = 16, B = 6;
        var spec = EgruSpec.Single(I, N) with { Support = 4, ThresholdMean = 0.3 };
        var x = Input(1, B, I, scale: 2);
        var w = LossWeights(1, B, N);
        for (int k = 0; k < 3; k++) w[k] = zeros_like(w[k]);                        // loss = Σ d·o: every gradient goes through ψ
        var (output, g1) = Run(Layer(I, N, spec), x, null, EgruBackend.Sparse, w);
        var (_, g2) = Run(Layer(I, N, spec with { Dampening = 2 * spec.Dampening }), x, null, EgruBackend.Sparse, w);

        var layer = Layer(I, N, spec);
        var distance = (output.H + output.O * layer.Threshold.detach() - layer.Threshold.detach())[0];   // c − ϑ [B, N]
        var outside = (distance.abs() >= 1 / spec.Support).all(dim: 0);                                     // units whose every sample is outside
        Assert.True(outside.any().item<bool>() && !outside.all().item<bool>(), "need units inside and outside the support");
        var dThr = g1["threshold"];
        Assert.True(Same(dThr.masked_select(outside), zeros_like(dThr.masked_select(outside))));
        foreach (var (name, g) in g1)
        {
            Assert.True(Same(g2[name], 2 * g), $"d{name} does not scale with γ");
        }
        Assert.True(MaxDiff(dThr, zeros_like(dThr)) > 0);
        var expected = -(spec.Surrogate.Psi(distance) * w[3][0]).sum(dim: 0);      // (not sum(0): 0 converts to ScalarType.Byte)
        Assert.InRange(MaxDiff(dThr, expected), 0, 1e-14);
    }
}
