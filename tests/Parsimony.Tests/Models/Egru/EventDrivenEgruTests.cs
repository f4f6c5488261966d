using Parsimony.Models.Egru;
using Parsimony.Models.Streaming;
using Parsimony.Sparsity;
using static TorchSharp.torch;
using static Parsimony.Tests.Models.Egru.EgruTesting;

namespace Parsimony.Tests.Models.Egru;

/// <summary>The hand-written batch-1 event-driven step against the TorchSharp layer (float32, evaluation).</summary>
public class EventDrivenEgruTests
{
    const int T = 40, I = 8, N = 64;

    static (EgruLayer Layer, Tensor X, EgruLayerOutput Reference) Setup(double zoneout, double prune, int block = 1)
    {
        var layer = Layer(I, N, EgruSpec.Single(I, N) with { ThresholdMean = 0.15, Zoneout = zoneout }, seed: 8, dtype: ScalarType.Float32);
        if (block > 1) new MagnitudePruner([new NamedWeight("r", layer.RecurrentWeight)], block).PruneTo(prune);
        else if (prune > 0)
            using (no_grad())
            {
                var r = layer.RecurrentWeight;
                var cut = r.abs().flatten().sort().Values[(long)(prune * r.numel())];
                r.mul_(r.abs().gt(cut));
            }
        layer.eval();
        var x = Input(T, 1, I, scale: 1.5, dtype: ScalarType.Float32);
        x[.., .., 3] = 0;
        using var noGrad = no_grad();
        return (layer, x, layer.Forward(x));
    }

    static float[] Row(Tensor t) => t.contiguous().data<float>().ToArray();

    [Theory]
    [InlineData(0.0, 0.0, false)]
    [InlineData(0.25, 0.0, false)]
    [InlineData(0.0, 0.8, true)]
    [InlineData(0.25, 0.8, true)]
    [InlineData(0.25, 0.8, true, 16)]
    public void EventDrivenStepsEqualTheTorchSharpLayer(double zoneout, double prune, bool csr, int block = 1)
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        var (layer, x, reference) = Setup(zoneout, prune, block);
        var fast = new EventDrivenEgru(layer, csr);
        if (block > 1) Assert.Equal(RowStorage.Blocked, TransposedWeights.For(layer.RecurrentWeight, compressPruned: true).Storage);
        var dense = new EventDrivenEgru(layer, csr) { AllRows = true };
        fast.Reset(); dense.Reset();
        long expectedMacs = 0, events = 0;
        for (int t = 0; t < T; t++)
        {
            var xt = Row(x[t, 0]);
            long inputRows = xt.Count(v => v != 0);
            long previous = fast.ActiveCount;
            long before = fast.Macs;
            fast.Step(xt);
            dense.Step(xt);
            if (!csr) expectedMacs += 3L * N * (inputRows + previous);
            else Assert.True(fast.Macs - before <= 3L * N * inputRows + previous * 3L * N);
            Assert.Equal(Row(reference.O[t, 0]), fast.Events.ToArray());
            Assert.InRange(MaxDiff(tensor(fast.Y.ToArray()), reference.Y[t, 0]), 0, 1e-5);
            Assert.InRange(MaxDiff(tensor(fast.H.ToArray()), reference.H[t, 0]), 0, 1e-5);
            Assert.InRange(MaxDiff(tensor(fast.Trace.ToArray()), reference.Trace[t, 0]), 0, 1e-5);
            Assert.Equal(fast.Y.ToArray(), dense.Y.ToArray());
            events += fast.ActiveCount;
        }
        double activity = (double)events / (T * N);
        Assert.InRange(activity, 0.05, 0.7);
        if (!csr) Assert.Equal(expectedMacs, fast.Macs);
        Assert.True(fast.Macs < dense.Macs && fast.WeightBytes < dense.WeightBytes);
        if (csr) Assert.InRange(fast.RecurrentWeights, 0.19 * 3 * N * N, 0.21 * 3 * N * N);
    }

    [Fact]
    public void Y0StartsTheRecurrentInput()
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        var (layer, x, _) = Setup(0, 0);
        var y0 = Input(1, 1, N, seed: 2, dtype: ScalarType.Float32).abs() * (Input(1, 1, N, seed: 3, dtype: ScalarType.Float32) > 1);
        using var noGrad = no_grad();
        var reference = layer.Forward(x, y0[0]);
        var fast = new EventDrivenEgru(layer);
        fast.Reset(Row(y0[0, 0]));
        fast.Step(Row(x[0, 0]));
        Assert.InRange(MaxDiff(tensor(fast.Y.ToArray()), reference.Y[0, 0]), 0, 1e-5);
        Assert.Throws<ArgumentException>(() => fast.Step(new float[I + 1]));
    }
}
