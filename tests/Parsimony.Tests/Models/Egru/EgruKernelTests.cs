using Xunit.Abstractions;
using Parsimony.Models.Egru;
using static TorchSharp.torch;
using static Parsimony.Tests.Models.Egru.EgruTesting;

namespace Parsimony.Tests.Models.Egru;

/// <summary>
/// The fused kernel against the op-by-op TorchSharp reference (spec egru_eventprop.md §C.2 E1) and its sparse path
/// against its dense path (E5), including the MAC counters.
/// </summary>
public class EgruKernelTests(ITestOutputHelper log)
{
    const int T = 8, B = 10, I = 4, N = 8;

    static EgruSpec Spec(double zoneout = 0, double dropConnect = 0) =>
        EgruSpec.Single(I, N) with { ThresholdMean = 0.2, Support = 1.7, Zoneout = zoneout, DropConnect = dropConnect };

    [Theory]
    [InlineData(ScalarType.Float64, 0.0, 0.0, 1e-12)]
    [InlineData(ScalarType.Float32, 0.0, 0.0, 1e-5)]
    [InlineData(ScalarType.Float64, 0.3, 0.2, 1e-12)]
    [InlineData(ScalarType.Float32, 0.3, 0.2, 1e-5)]
    public void E1KernelMatchesTheOpByOpReference(ScalarType dtype, double zoneout, double dropConnect, double tolerance)
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        foreach (bool train in new[] { true, false })
        {
            var layer = Layer(I, N, Spec(zoneout, dropConnect), dtype: dtype);
            layer.train(train);
            var x = Input(T, B, I, dtype: dtype);
            var y0 = Input(1, B, N, seed: 3, scale: 0.5, dtype: dtype)[0];
            var w = LossWeights(T, B, N, dtype: dtype);
            layer.Masks = new Generator(5, CPU);
            var (reference, refGrads) = Run(layer, x, y0, EgruBackend.Autograd, w);
            layer.Masks = new Generator(5, CPU);
            var (kernel, grads) = Run(layer, x, y0, EgruBackend.Sparse, w);

            Assert.True(Same(reference.O, kernel.O), "the events differ");
            double activity = EgruMetrics.Activity(kernel.O);
            Assert.InRange(activity, 0.1, 0.9);
            Assert.InRange(MaxDiff(kernel.Y, reference.Y), 0, tolerance);
            Assert.InRange(MaxDiff(kernel.H, reference.H), 0, tolerance);
            Assert.InRange(MaxDiff(kernel.Trace, reference.Trace), 0, tolerance);
            log.WriteLine($"E1 {dtype} zoneout {zoneout} DropConnect {dropConnect} train {train}: activity {activity:g3}, outputs {new[] { MaxDiff(kernel.Y, reference.Y), MaxDiff(kernel.H, reference.H), MaxDiff(kernel.Trace, reference.Trace) }.Max():g3}, gradients {refGrads.Max(p => RelDiff(grads[p.Key], p.Value)):g3}");
            foreach (var (name, g) in refGrads)
                Assert.True(RelDiff(grads[name], g) <= tolerance, $"d{name}: {RelDiff(grads[name], g):g3} (train {train})");
            Assert.True(MaxDiff(refGrads["threshold"], zeros_like(refGrads["threshold"])) > 0);
        }
    }

    [Fact]
    public void E5SparseAndDenseKernelsGiveEqualOutputsAndGradients()
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        var layer = Layer(I, N, Spec(zoneout: 0.25, dropConnect: 0.2) with { GradClip = 0 });
        var x = Input(T, B, I);
        x[.., .., 1] = 0;                                                           // zero inputs are skipped too
        var y0 = Input(1, B, N, seed: 3, scale: 0.5)[0] * (Input(1, B, N, seed: 4)[0] > 0);
        var w = LossWeights(T, B, N);
        layer.Masks = new Generator(9, CPU);
        var (dense, denseGrads) = Run(layer, x, y0, EgruBackend.Dense, w);
        var denseMacs = (layer.Macs.Forward, layer.Macs.Backward, layer.Macs.DenseForward, layer.Macs.DenseBackward);
        layer.Macs.Reset();
        layer.Masks = new Generator(9, CPU);
        var (sparse, grads) = Run(layer, x, y0, EgruBackend.Sparse, w);

        foreach (var (a, b) in new[] { (sparse.Y, dense.Y), (sparse.H, dense.H), (sparse.O, dense.O), (sparse.Trace, dense.Trace) })
            Assert.True(Same(a, b));
        foreach (var (name, g) in denseGrads) Assert.True(Same(grads[name], g), $"d{name} differs");

        Assert.Equal(denseMacs.DenseForward, denseMacs.Forward);
        Assert.Equal(denseMacs.DenseBackward, denseMacs.Backward);
        Assert.Equal(denseMacs.DenseForward, layer.Macs.DenseForward);
        var (expected, denseCount) = EgruMetrics.ForwardMacs(x, sparse, y0);
        Assert.Equal(expected, layer.Macs.Forward);
        Assert.Equal(denseCount, layer.Macs.DenseForward);
        log.WriteLine($"E5: activity {EgruMetrics.Activity(sparse.O):g3}, forward MACs {layer.Macs.Forward} of {layer.Macs.DenseForward}, backward {layer.Macs.Backward} of {layer.Macs.DenseBackward}");
        Assert.True(layer.Macs.Forward < layer.Macs.DenseForward && layer.Macs.Backward < layer.Macs.DenseBackward);
    }

    [Fact]
    public void E5MacCounterIsThreeNTimesTheEventsOnAHandMadePattern()
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        var layer = Layer(I, N, Spec());
        var x = zeros(1, 2, I, float64);
        x[0, 0, 2] = 1.0;                                                          // one non-zero input in sample 0, none in sample 1
        var y0 = zeros(2, N, float64);
        y0[0, 1] = 0.5; y0[0, 6] = 0.7; y0[1, 3] = 0.9;                           // events 2 and 1
        using (no_grad()) layer.Forward(x, y0);
        Assert.Equal(3L * N * 1, layer.Macs.ForwardInput);
        Assert.Equal(3L * N * 3, layer.Macs.ForwardRecurrent);
        Assert.Equal(3L * N * (I + N) * 2, layer.Macs.DenseForward);

        layer.Macs.Reset();
        var x2 = zeros(3, 1, I, float64);
        using (no_grad())
        {
            var o = layer.Forward(x2, y0[..1]);
            long events = 2 + o.O[..2].sum().to_type(ScalarType.Int64).item<long>();  // y₀, then y₁ and y₂ feed steps 2 and 3
            Assert.Equal(3L * N * events, layer.Macs.ForwardRecurrent);
            Assert.Equal(0, layer.Macs.ForwardInput);
        }
    }

    [Fact]
    public void TheKernelIsDeterministicAndSkipsTheGradientOfAnAbsentY0()
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        var layer = Layer(I, N, Spec());
        var x = Input(T, B, I);
        var w = LossWeights(T, B, N);
        var (a, ga) = Run(layer, x, null, EgruBackend.Sparse, w);
        var (b, gb) = Run(layer, x, null, EgruBackend.Sparse, w);
        Assert.True(Same(a.Y, b.Y));
        foreach (var (name, g) in ga) Assert.True(Same(gb[name], g));
        Assert.False(ga.ContainsKey("y0"));
    }
}
