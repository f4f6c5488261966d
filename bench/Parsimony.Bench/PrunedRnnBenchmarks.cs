using BenchmarkDotNet.Attributes;
using Parsimony.Models.Rnn;
using Parsimony.Models.Streaming;
using Parsimony.Sparsity;
using static TorchSharp.torch;

namespace Parsimony.Bench;

/// <summary>
/// One batch-1 inference step of a moduli RNN layer (N = 1,024 units, 2 inputs as in navigation/adding) with 90% of
/// every matrix removed by global magnitude pruning: the streaming engine over the surviving weights
/// (<see cref="StreamingRecurrentStack"/>, compressed rows), the same pruned in blocks of 16 outputs (blocked rows), the dense SIMD kernel of the same step over the unpruned
/// layer (every row; the baseline) and TorchSharp's fused cell called once per step. Per step: a 100-step sequence
/// divided by 100. <see cref="Setup"/> prints MACs and weight bytes per step.
/// </summary>
[Config(typeof(InProcessEgruSteps))]
public class PrunedRnnBenchmarks
{
    const int Steps = 100, Inputs = 2;
    RecurrentStack stack = null!;
    StreamingRecurrentStack pruned = null!, blocked = null!, dense = null!, active = null!;
    float[][] x = null!;
    Tensor xs = null!;

    /// <summary>Units.</summary>
    [Params(1024)]
    public int Hidden { get; set; }

    /// <summary>The cell: Elman ReLU (navigation) or GRU (adding, language).</summary>
    [Params(CellKind.Elman, CellKind.Gru)]
    public CellKind Cell { get; set; }

    /// <summary>Builds the layers (seeded), prunes 90% of the weights by global magnitude, prints MACs and bytes per step.</summary>
    [GlobalSetup]
    public void Setup()
    {
        stack = RngStreams.Seeded(1, () => new RecurrentStack(new RecurrentSpec(Cell, Inputs, Hidden, Activation: Activation.Relu)));
        stack.eval();
        using var g = new Generator(2, CPU);
        xs = randn([Steps, 1, Inputs], generator: g);
        x = Enumerable.Range(0, Steps).Select(t => xs[t, 0].data<float>().ToArray()).ToArray();
        dense = new StreamingRecurrentStack(stack, compressed: false) { AllRows = true };
        active = new StreamingRecurrentStack(stack, compressed: false);
        var prunedStack = RngStreams.Seeded(1, () => new RecurrentStack(new RecurrentSpec(Cell, Inputs, Hidden, Activation: Activation.Relu)));
        using (no_grad())
        {
            var weights = new[] { prunedStack.InputWeight(0), prunedStack.RecurrentWeight(0) };
            var all = cat(weights.Select(w => w.abs().flatten()).ToArray()).sort().Values;
            var cut = all[(long)(0.9 * all.numel())];
            foreach (var w in weights) w.mul_(w.abs().gt(cut));
        }
        pruned = new StreamingRecurrentStack(prunedStack, compressed: true);
        var blockStack = RngStreams.Seeded(1, () => new RecurrentStack(new RecurrentSpec(Cell, Inputs, Hidden, Activation: Activation.Relu)));
        new MagnitudePruner([new NamedWeight("w", blockStack.InputWeight(0)), new NamedWeight("r", blockStack.RecurrentWeight(0))], TransposedWeights.Block).PruneTo(0.9);
        blocked = new StreamingRecurrentStack(blockStack, compressed: true);
        foreach (var (name, engine) in new[] { ("pruned 90%, compressed", pruned), ("pruned 90% in blocks of 16, blocked", blocked), ("dense rows of non-zero units", active), ("dense SIMD", dense) })
        {
            Run(engine);
            Console.WriteLine($"// {Cell} {name}: {engine.Macs / Steps:N0} MACs/step, {engine.WeightBytes / Steps:N0} weight bytes/step, " +
                              $"{engine.StoredWeights:N0} weights stored, non-zero units at the end {engine.NonZero}");
        }
    }

    float Run(StreamingRecurrentStack engine)
    {
        engine.Reset();
        for (int t = 0; t < Steps; t++) engine.Step(x[t]);
        return engine.Output[0];
    }

    /// <summary>Every row of both matrices of the unpruned layer, SIMD.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Steps)]
    public float DenseSimd() => Run(dense);

    /// <summary>The unpruned layer's dense rows, of non-zero inputs and units only (what activity sparsity alone saves).</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public float DenseActiveRows() => Run(active);

    /// <summary>The surviving 10% of the weights, compressed rows, rows of non-zero units only.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public float Pruned90() => Run(pruned);

    /// <summary>90% of the weights pruned in blocks of 16 outputs of one input, blocked rows, rows of non-zero units only.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public float BlockPruned90() => Run(blocked);

    /// <summary>libtorch's fused cell, one call per step carrying the state (batch 1, no autograd).</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public float TorchSharpStep()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor? h = null;
        for (int t = 0; t < Steps; t++) (_, h, _) = stack.ForwardCarrying(xs[t..(t + 1)], h, null);
        return h!.sum().item<float>();
    }
}
