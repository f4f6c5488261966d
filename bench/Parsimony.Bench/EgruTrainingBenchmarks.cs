using BenchmarkDotNet.Attributes;
using Parsimony.Models.Egru;
using static TorchSharp.torch;

namespace Parsimony.Bench;

/// <summary>
/// One EGRU layer's forward + backward (the training step's share of it) over T = 64 steps, batch 32, I = 16 inputs,
/// float32: the sparse and dense paths of the fused CPU kernel and TorchSharp's op-by-op autograd. <see cref="Setup"/>
/// prints the activity and the kernel's MACs against a dense GRU.
/// </summary>
[Config(typeof(InProcessEgruSteps))]
public class EgruTrainingBenchmarks
{
    const int Steps = 64, Batch = 32, Inputs = 16;
    EgruLayer layer = null!;
    Tensor x = null!, weights = null!;

    /// <summary>Units.</summary>
    [Params(256)]
    public int Hidden { get; set; }

    /// <summary>Builds the layer (seeded) and the input; prints activity and MACs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        layer = RngStreams.Seeded(1, () => new EgruLayer(Inputs, Hidden, EgruSpec.Single(Inputs, Hidden)));
        using var g = new Generator(2, CPU);
        x = randn([Steps, Batch, Inputs], generator: g);
        weights = randn([Steps, Batch, Hidden], generator: g);
        layer.Backend = EgruBackend.Sparse;
        layer.Macs.Reset();
        var o = layer.Forward(x);
        (o.Y * weights).sum().backward();
        var m = layer.Macs;
        Console.WriteLine($"// activity {EgruMetrics.Activity(o.O):P1}; forward {m.Forward:N0} of {m.DenseForward:N0} MACs ({m.ForwardReduction:F1}×), backward {m.Backward:N0} of {m.DenseBackward:N0} ({m.BackwardReduction:F1}×)");
    }

    float Run(EgruBackend backend)
    {
        using var scope = NewDisposeScope();
        layer.Backend = backend;
        layer.zero_grad();
        var o = layer.Forward(x);
        var loss = (o.Y * weights).sum();
        loss.backward();
        return loss.item<float>();
    }

    /// <summary>TorchSharp autograd over the op-by-op step.</summary>
    [Benchmark(Baseline = true)]
    public float Autograd() => Run(EgruBackend.Autograd);

    /// <summary>The fused kernel, event-driven.</summary>
    [Benchmark]
    public float KernelSparse() => Run(EgruBackend.Sparse);

    /// <summary>The fused kernel, every row.</summary>
    [Benchmark]
    public float KernelDense() => Run(EgruBackend.Dense);
}
