using BenchmarkDotNet.Attributes;
using Parsimony.Models.RichLazy;
using Parsimony.Tasks.Blobs;
using static TorchSharp.torch;

namespace Parsimony.Bench;

/// <summary>
/// 100 full-batch gradient-descent steps of one 27-100-1 rich-lazy network on the 50 blob items, float64, on one thread:
/// the hand-written <see cref="ContextMlp"/> step against a plain TorchSharp loop of the same network (the 50 × 27 input
/// matrix, autograd, an in-place SGD update without gradient tracking).
/// </summary>
[Config(typeof(InProcessEgruSteps))]
public class RichLazyBenchmarks
{
    const int Steps = 100;
    const double Lr = 5e-3;
    readonly BlobTask task = new();
    ContextMlp net = null!;
    double[] gradient = null!;
    Tensor x = null!, y = null!, w1 = null!, b1 = null!, w2 = null!, b2 = null!;

    /// <summary>Both networks at the lazy initialisation of run 0.</summary>
    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(1);
        net = new ContextMlp(BlobTask.StimulusInputs, BlobTask.Contexts, 100, task.StimulusMatrix, task.ContextValue);
        net.Initialise(3, 1.5, 0.01, 0.1, seed: 1);
        gradient = new double[net.Parameters.Length];
        var p = net.Parameters;
        x = tensor(task.InputMatrix(), [50, 27], ScalarType.Float64);
        y = tensor(task.Targets, [50, 1], ScalarType.Float64);
        w1 = cat([tensor(net.StimulusWeights(p).ToArray(), [25, 100], ScalarType.Float64), tensor(net.ContextWeights(p).ToArray(), [2, 100], ScalarType.Float64)], 0).t().contiguous().requires_grad_();
        b1 = tensor(net.HiddenBias(p).ToArray(), [100], ScalarType.Float64).requires_grad_();
        w2 = tensor(net.OutputWeights(p).ToArray(), [1, 100], ScalarType.Float64).requires_grad_();
        b2 = tensor(new[] { p[net.OutputBiasIndex] }, [1], ScalarType.Float64).requires_grad_();
    }

    /// <summary>A plain TorchSharp loop of the same network.</summary>
    [Benchmark(Baseline = true)]
    public double TorchSharpLoop()
    {
        double loss = 0;
        for (int t = 0; t < Steps; t++)
        {
            using var scope = NewDisposeScope();
            var h = (x.matmul(w1.t()) + b1).relu();
            var e = h.matmul(w2.t()) + b2 - y;
            var l = 0.5 * (e * e).sum();
            foreach (var w in new[] { w1, b1, w2, b2 }) w.grad?.zero_();
            l.backward();
            using (no_grad())
                foreach (var w in new[] { w1, b1, w2, b2 }) w.sub_(w.grad! * Lr);
            loss = l.item<double>();
        }
        return loss;
    }

    /// <summary>The hand-written float64 step (shared stimulus drive, fused kernels).</summary>
    [Benchmark]
    public double HandWritten()
    {
        double loss = 0;
        for (int t = 0; t < Steps; t++)
        {
            loss = net.LossAndGradient(task.Targets, 0, gradient).Loss;
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(gradient, -Lr, net.Parameters, net.Parameters);
        }
        return loss;
    }
}
