using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Parsimony.Models.Egru;
using static TorchSharp.torch;

namespace Parsimony.Bench;

/// <summary>
/// One batch-1 EGRU inference step at N = 1,024 units, I = 64 dense inputs (per step: a 100-step sequence divided by
/// 100): the event-driven step (<see cref="EventDrivenEgru"/>, active rows only), the same over a 90%-pruned recurrent
/// matrix in CSR, the dense SIMD kernel (every row; the baseline) and TorchSharp's op-by-op <see cref="EgruLayer.Step"/>.
/// <see cref="Setup"/> prints the measured activity and the MACs and weight bytes per step of each.
/// </summary>
[Config(typeof(InProcessEgruSteps))]
public class EgruBenchmarks
{
    const int Steps = 100, Inputs = 64;
    EgruLayer layer = null!, pruned = null!;
    EventDrivenEgru events = null!, csr = null!, dense = null!;
    float[][] x = null!;
    Tensor xs = null!;

    /// <summary>Units.</summary>
    [Params(1024)]
    public int Hidden { get; set; }

    /// <summary>Mean of the Beta threshold initialisation (sets the activity).</summary>
    [Params(0.3)]
    public double ThresholdMean { get; set; }

    /// <summary>Builds the layers (seeded) and the input, and prints MACs and bytes per step.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var spec = EgruSpec.Single(Inputs, Hidden) with { ThresholdMean = ThresholdMean };
        layer = RngStreams.Seeded(1, () => new EgruLayer(Inputs, Hidden, spec));
        layer.eval();
        pruned = RngStreams.Seeded(1, () => new EgruLayer(Inputs, Hidden, spec));
        pruned.eval();
        using (no_grad())
        {
            var r = pruned.RecurrentWeight;
            var cut = r.abs().flatten().sort().Values[(long)(0.9 * r.numel())];
            r.mul_(r.abs().gt(cut));
        }
        using var g = new Generator(2, CPU);
        xs = randn([Steps, 1, Inputs], generator: g);
        x = Enumerable.Range(0, Steps).Select(t => xs[t, 0].data<float>().ToArray()).ToArray();
        events = new EventDrivenEgru(layer);
        csr = new EventDrivenEgru(pruned, csr: true);
        dense = new EventDrivenEgru(layer) { AllRows = true };
        foreach (var (name, kernel) in new[] { ("event-driven", events), ("event-driven CSR 90%", csr), ("dense SIMD", dense) })
        {
            long active = Run(kernel);
            Console.WriteLine($"// {name}: activity {(double)active / (Steps * Hidden):P1}, {kernel.Macs / Steps:N0} MACs/step, {kernel.WeightBytes / Steps:N0} weight bytes/step");
        }
        long denseMacs = 3L * Hidden * (Inputs + Hidden);
        Console.WriteLine($"// TorchSharp step: {denseMacs:N0} MACs/step, {4 * denseMacs:N0} weight bytes/step (dense)");
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

    /// <summary>Rows of the units that emitted an event, 10% of the recurrent weights left, CSR.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public long EventDrivenCsr90() => Run(csr);

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
}

/// <summary>In-process (the host's libtorch), 3 warm-up and 10 measured iterations.</summary>
public sealed class InProcessEgruSteps : ManualConfig
{
    /// <summary>The job.</summary>
    public InProcessEgruSteps() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10));
}
