using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Parsimony.Models.Egru;
using Parsimony.Models.Streaming;
using Parsimony.Sparsity;
using static TorchSharp.torch;

namespace Parsimony.Bench;

/// <summary>
/// One batch-1 EGRU inference step at N = 1,024 units, I = 64 dense inputs (per step: a 100-step sequence divided by
/// 100) at a set activity — the share of units that emit an event per step, reached by scaling the Beta-initialised
/// thresholds (bisection): 20% (the 80% activity sparsity) and 41.5% (what our trained 128-unit sequential
/// Fashion-MNIST EGRU shows). Methods: the event-driven step (<see cref="EventDrivenEgru"/>, active rows only), the same
/// with 90% of all weights (input and recurrent) removed by global magnitude pruning and stored compressed, the same
/// with 90% removed in blocks of 16 outputs of one input (block-structured magnitude pruning, blocked rows), the dense
/// SIMD kernel (every row; the baseline), TorchSharp's op-by-op <see cref="EgruLayer.Step"/> and libtorch's fused
/// GRU cell of the same size. <see cref="Setup"/> prints the measured activity and the MACs and weight bytes per step.
/// </summary>
[Config(typeof(InProcessEgruSteps))]
public class EgruBenchmarks
{
    const int Steps = 100, Inputs = 64;
    EgruLayer layer = null!, pruned = null!, blockPruned = null!;
    EventDrivenEgru events = null!, csr = null!, blocked = null!, dense = null!;
    TorchSharp.Modules.GRUCell gru = null!;
    float[][] x = null!;
    Tensor xs = null!;

    /// <summary>Units.</summary>
    [Params(1024)]
    public int Hidden { get; set; }

    /// <summary>Share of units that emit an event per step.</summary>
    [Params(0.2, 0.415)]
    public double Activity { get; set; }

    /// <summary>Builds the layers (seeded), sets their activity, and prints MACs and bytes per step.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var spec = EgruSpec.Single(Inputs, Hidden) with { ThresholdMean = 0.3 };
        using var g = new Generator(2, CPU);
        xs = randn([Steps, 1, Inputs], generator: g);
        x = Enumerable.Range(0, Steps).Select(t => xs[t, 0].data<float>().ToArray()).ToArray();
        layer = RngStreams.Seeded(1, () => new EgruLayer(Inputs, Hidden, spec));
        layer.eval();
        pruned = RngStreams.Seeded(1, () => new EgruLayer(Inputs, Hidden, spec));
        pruned.eval();
        using (no_grad())
        {
            var weights = new[] { pruned.InputWeight, pruned.RecurrentWeight };
            var all = cat(weights.Select(w => w.abs().flatten()).ToArray()).sort().Values;
            var cut = all[(long)(0.9 * all.numel())];
            foreach (var w in weights) w.mul_(w.abs().gt(cut));
        }
        blockPruned = RngStreams.Seeded(1, () => new EgruLayer(Inputs, Hidden, spec));
        blockPruned.eval();
        new MagnitudePruner([new NamedWeight("w", blockPruned.InputWeight), new NamedWeight("r", blockPruned.RecurrentWeight)], TransposedWeights.Block).PruneTo(0.9);
        SetActivity(layer, csr: false);
        SetActivity(pruned, csr: true);
        SetActivity(blockPruned, csr: true);
        events = new EventDrivenEgru(layer);
        csr = new EventDrivenEgru(pruned, csr: true);
        blocked = new EventDrivenEgru(blockPruned, csr: true);
        dense = new EventDrivenEgru(layer) { AllRows = true };
        gru = RngStreams.Seeded(1, () => nn.GRUCell(Inputs, Hidden));
        foreach (var (name, kernel) in new[] { ("event-driven", events), ("event-driven, 90% pruned, compressed", csr), ("event-driven, 90% pruned in blocks of 16, blocked rows", blocked), ("dense SIMD", dense) })
        {
            long active = Run(kernel);
            Console.WriteLine($"// {name}: activity {(double)active / (Steps * Hidden):P1}, {kernel.Macs / Steps:N0} MACs/step, {kernel.WeightBytes / Steps:N0} weight bytes/step");
        }
        long denseMacs = 3L * Hidden * (Inputs + Hidden);
        Console.WriteLine($"// TorchSharp steps: {denseMacs:N0} MACs/step, {4 * denseMacs:N0} weight bytes/step (dense)");
    }

    /// <summary>Scales the thresholds (bisection on the factor) until the layer's mean activity over the sequence is <see cref="Activity"/>.</summary>
    void SetActivity(EgruLayer target, bool csr)
    {
        Tensor initial;
        using (no_grad()) initial = target.Threshold.detach().clone();
        double low = 0, high = 1 / initial.max().item<float>();
        for (int i = 0; i < 30; i++)
        {
            double factor = (low + high) / 2;
            using (no_grad()) target.Threshold.copy_(initial * factor);
            var kernel = new EventDrivenEgru(target, csr);
            double activity = (double)Run(kernel) / (Steps * Hidden);
            if (activity > Activity) low = factor; else high = factor;
        }
        using (no_grad()) target.Threshold.copy_(initial * ((low + high) / 2));
    }

    long Run(EventDrivenEgru kernel)
    {
        kernel.Reset();
        long active = 0;
        for (int t = 0; t < Steps; t++) { kernel.Step(x[t]); active += kernel.ActiveCount; }
        return active;
    }

    /// <summary>Every row of both matrices, SIMD.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Steps)]
    public long DenseSimd() => Run(dense);

    /// <summary>Rows of the units that emitted an event.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public long EventDriven() => Run(events);

    /// <summary>Rows of the units that emitted an event, 10% of all weights left, compressed rows.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public long EventDrivenPruned90() => Run(csr);

    /// <summary>Rows of the units that emitted an event, 90% of all weights pruned in blocks of 16 outputs, blocked rows.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public long EventDrivenBlockPruned90() => Run(blocked);

    /// <summary>TorchSharp's op-by-op step (batch 1, no autograd).</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public float TorchSharpStep()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var state = EgruState.Initial(1, Hidden, ScalarType.Float32, CPU);
        for (int t = 0; t < Steps; t++) (state, _) = layer.Step(xs[t], state);
        return state.Y.sum().item<float>();
    }

    /// <summary>libtorch's fused GRU cell of the same size, one call per step (batch 1, no autograd): what a user would run instead.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public float TorchSharpGruCell()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var h = zeros(1, Hidden);
        for (int t = 0; t < Steps; t++) h = gru.call(xs[t], h);
        return h.sum().item<float>();
    }
}

/// <summary>In-process (the host's libtorch), 3 warm-up and 10 measured iterations.</summary>
public sealed class InProcessEgruSteps : ManualConfig
{
    /// <summary>The job.</summary>
    public InProcessEgruSteps() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10));
}
