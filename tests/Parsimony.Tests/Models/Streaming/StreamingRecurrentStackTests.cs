using Parsimony.Models.Rnn;
using Parsimony.Models.Streaming;
using Parsimony.Sparsity;
using static TorchSharp.torch;

namespace Parsimony.Tests.Models.Streaming;

/// <summary>The batch-1 streaming engine against libtorch's fused RNN/GRU/LSTM (float32), dense and pruned.</summary>
public class StreamingRecurrentStackTests
{
    const int T = 30, I = 3, H = 48;

    static RecurrentStack Stack(CellKind kind, Activation activation, int layers, bool bias, double prune, int block = 1)
    {
        var stack = RngStreams.Seeded(5, () => new RecurrentStack(new RecurrentSpec(kind, I, H, layers, activation, bias)));
        if (block > 1)
            new MagnitudePruner(Enumerable.Range(0, layers).SelectMany(k => new[] { stack.InputWeight(k), stack.RecurrentWeight(k) })
                                          .Select((w, i) => new NamedWeight($"w{i}", w)), block).PruneTo(prune);
        else if (prune > 0)
            using (no_grad())
                foreach (var w in Enumerable.Range(0, layers).SelectMany(k => new[] { stack.InputWeight(k), stack.RecurrentWeight(k) }))
                {
                    var cut = w.abs().flatten().sort().Values[(long)(prune * w.numel())];
                    w.mul_(w.abs().gt(cut));
                }
        stack.eval();
        return stack;
    }

    [Theory]
    [InlineData(CellKind.Elman, Activation.Relu, 1, false, 0.0)]
    [InlineData(CellKind.Elman, Activation.Tanh, 3, true, 0.0)]
    [InlineData(CellKind.Elman, Activation.Relu, 1, false, 0.9)]
    [InlineData(CellKind.Gru, Activation.Relu, 1, true, 0.0)]
    [InlineData(CellKind.Gru, Activation.Relu, 2, true, 0.9)]
    [InlineData(CellKind.Lstm, Activation.Relu, 2, true, 0.0)]
    [InlineData(CellKind.Lstm, Activation.Relu, 1, true, 0.8)]
    [InlineData(CellKind.Elman, Activation.Relu, 1, false, 0.9, 16)]
    [InlineData(CellKind.Gru, Activation.Relu, 2, true, 0.9, 16)]
    [InlineData(CellKind.Lstm, Activation.Relu, 1, true, 0.8, 16)]
    public void StepsEqualTheFusedTorchSharpStack(CellKind kind, Activation activation, int layers, bool bias, double prune, int block = 1)
    {
        using var tensors = NewDisposeScope();
        var stack = Stack(kind, activation, layers, bias, prune, block);
        var x = RngStreams.Seeded(6, () => randn(T, 1, I));
        x[5, 0, 1] = 0;
        var h0 = RngStreams.Seeded(7, () => randn(layers, 1, H)).relu();
        Tensor reference;
        using (no_grad()) reference = stack.call(x, kind == CellKind.Lstm ? null : h0);
        var engine = new StreamingRecurrentStack(stack, compressed: prune > 0);
        var dense = new StreamingRecurrentStack(stack, compressed: prune > 0) { AllRows = true };
        var start = kind == CellKind.Lstm ? null : Enumerable.Range(0, layers).Select(k => h0[k, 0].data<float>().ToArray()).ToList();
        engine.Reset(start); dense.Reset(start);
        var xs = x.contiguous().data<float>().ToArray();
        double worst = 0;
        for (int t = 0; t < T; t++)
        {
            var step = xs.AsSpan(t * I, I);
            var y = engine.Step(step).ToArray();
            Assert.Equal(y, dense.Step(step).ToArray());                    // skipping zero rows changes no bit
            var expected = reference[t, 0].data<float>().ToArray();
            worst = Math.Max(worst, y.Zip(expected, (a, b) => Math.Abs(a - b)).Max());
        }
        Assert.InRange(worst, 0, 2e-5);
        Assert.True(engine.Macs <= dense.Macs);
        if (prune > 0) Assert.True(engine.StoredWeights < 0.25 * engine.DenseMacsPerStep);   // every weight is used once per dense step
    }

    [Fact]
    public void MacsCountTheRowsOfNonZeroInputsAndUnits()
    {
        using var tensors = NewDisposeScope();
        var stack = Stack(CellKind.Elman, Activation.Relu, 1, false, 0.0);
        var engine = new StreamingRecurrentStack(stack, compressed: false);
        engine.Reset();
        float[] x = [1f, 0f, -2f];
        engine.Step(x);                                                      // h0 = 0: only the two input rows
        Assert.Equal(2L * H, engine.Macs);
        int active = engine.NonZero;
        Assert.InRange(active, 1, H - 1);                                   // a ReLU layer leaves some units silent
        engine.Step(x);
        Assert.Equal(2L * H + 2L * H + (long)active * H, engine.Macs);
        Assert.Equal(4L * engine.Macs, engine.WeightBytes);
        Assert.Equal((long)H * (I + H), engine.DenseMacsPerStep);
    }

    [Fact]
    public void CompressedRowsHoldExactlyTheSurvivingWeights()
    {
        using var tensors = NewDisposeScope();
        var w = tensor(new float[,] { { 0, 2, 0 }, { 3, 0, 0 }, { 0, 0, 0 }, { 0, 5, 7 } });         // [outputs 4, inputs 3]
        var rows = new TransposedWeights(w, RowStorage.Compressed);
        Assert.Equal(4L, rows.Stored);
        Assert.Equal(6, rows.BytesPerWeight);
        Assert.Equal([1, 2, 1], Enumerable.Range(0, 3).Select(rows.RowLength));
        var into = new float[4];
        Assert.Equal(2, rows.MultiplyAdd([0f, 10f, 0f], into));
        Assert.Equal([20f, 0f, 0f, 50f], into);
        Assert.False(TransposedWeights.For(ones(4, 4), compressPruned: true).Compressed);           // nothing pruned: dense rows read less
        Assert.True(TransposedWeights.For(w, compressPruned: true).Compressed);
    }

    [Fact]
    public void TheGatheredAndTheScalarDotProductsOfCompressedRowsAgree()
    {
        using var tensors = NewDisposeScope();
        using var g = new Generator(3, CPU);
        var w = randn(37, 301, generator: g);
        w = w * (rand(37, 301, generator: g) < 0.3).to(float32);                                 // rows of 0 to ~110 survivors: every tail length
        w[5].zero_();
        var x = randn(301, generator: g).data<float>().ToArray();
        var rows = new CompressedRows(w);
        var expected = w.matmul(tensor(x)).data<float>().ToArray();
        var gathered = new float[37];
        var scalar = new float[37];
        Assert.Equal(rows.Stored, rows.MultiplyAdd(x, gathered));
        rows.Gather = false;
        rows.MultiplyAdd(x, scalar);
        for (int o = 0; o < 37; o++)
        {
            Assert.Equal(expected[o], gathered[o], 1e-4f);
            Assert.Equal(expected[o], scalar[o], 1e-4f);
        }
        Assert.Equal(0f, gathered[5]);
    }

    [Theory]
    [InlineData(RowStorage.Dense)]
    [InlineData(RowStorage.Compressed)]
    [InlineData(RowStorage.Blocked)]
    public void EveryStorageMultipliesLikeTheMatrix(RowStorage storage)
    {
        using var tensors = NewDisposeScope();
        using var g = new Generator(4, CPU);
        var w = new TorchSharp.Modules.Parameter(randn(37, 301, generator: g));      // 37 outputs: blocks of 16, 16 and 5
        new MagnitudePruner([new NamedWeight("w", w)], blockSize: 16).PruneTo(0.7);
        var x = randn(301, generator: g) * (rand(301, generator: g) < 0.5).to(float32);
        var xs = x.data<float>().ToArray();
        var expected = w.detach().matmul(x).data<float>().ToArray();
        var rows = new TransposedWeights(w, storage);
        var into = new float[37];
        long macs = rows.MultiplyAdd(xs, into);
        for (int o = 0; o < 37; o++) Assert.Equal(expected[o], into[o], 1e-4f);
        var nonZero = Enumerable.Range(0, 301).Where(i => xs[i] != 0).ToArray();
        Assert.Equal(nonZero.Sum(i => (long)rows.RowLength(i)), macs);
        var byList = new float[37];
        Assert.Equal(macs, rows.MultiplyAddRows(nonZero, xs, byList));
        Assert.Equal(into, byList);
        var all = new float[37];
        rows.MultiplyAdd(xs, all, allRows: true);
        Assert.Equal(into, all);                                                                 // zero rows change no value
        long blocks = (long)Math.Round(0.3 * 3 * 301, MidpointRounding.AwayFromZero);
        if (storage == RowStorage.Blocked) Assert.Equal(16 * blocks, rows.Stored);
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.MultiplyAddRows([301], xs, into));
    }

    [Fact]
    public void PrunedMatricesGetTheStorageThatReadsLeast()
    {
        using var tensors = NewDisposeScope();
        using var g = new Generator(5, CPU);
        var blocked = new TorchSharp.Modules.Parameter(randn(64, 40, generator: g));
        new MagnitudePruner([new NamedWeight("w", blocked)], blockSize: 16).PruneTo(0.9);
        var unstructured = randn(64, 40, generator: g) * (rand(64, 40, generator: g) < 0.1).to(float32);
        Assert.Equal(RowStorage.Blocked, TransposedWeights.For(blocked, compressPruned: true).Storage);
        Assert.Equal(RowStorage.Compressed, TransposedWeights.For(unstructured, compressPruned: true).Storage);
        Assert.Equal(RowStorage.Dense, TransposedWeights.For(ones(64, 40), compressPruned: true).Storage);
        Assert.Equal(RowStorage.Dense, TransposedWeights.For(blocked, compressPruned: false).Storage);
        Assert.Equal(4.25, TransposedWeights.For(blocked, compressPruned: true).BytesPerWeight);
    }
}
