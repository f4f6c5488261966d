using Parsimony.Models.RichLazy;
using Parsimony.Tasks.Blobs;
using static TorchSharp.torch;

namespace Parsimony.Tests.Models.RichLazy;

/// <summary>The hand-written gradient and tangent kernel of <see cref="ContextMlp"/> against central differences and TorchSharp autograd.</summary>
public class ContextMlpTests
{
    static (ContextMlp Net, double[] Targets) Small()
    {
        var rng = new Random(3);
        var stimuli = Enumerable.Range(0, 4 * 3).Select(_ => rng.NextDouble()).ToArray();
        var net = new ContextMlp(3, 2, 7, stimuli, 0.4);
        net.Initialise(0.8, 0.6, 0.5, 0.1, seed: 5);
        var targets = Enumerable.Range(0, 8).Select(i => i % 3 == 0 ? 0 : rng.NextDouble() * 2 - 1).ToArray();
        return (net, targets);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.07)]
    public void TheGradientMatchesCentralDifferences(double l2)
    {
        var (net, targets) = Small();
        var gradient = new double[net.Parameters.Length];
        net.LossAndGradient(targets, l2, gradient);
        var scratch = new double[gradient.Length];
        const double h = 1e-6;
        for (int k = 0; k < gradient.Length; k++)
        {
            double keep = net.Parameters[k];
            net.Parameters[k] = keep + h;
            double up = net.LossAndGradient(targets, l2, scratch).Loss;
            net.Parameters[k] = keep - h;
            double down = net.LossAndGradient(targets, l2, scratch).Loss;
            net.Parameters[k] = keep;
            Assert.True(Math.Abs((up - down) / (2 * h) - gradient[k]) < 1e-7 * (1 + Math.Abs(gradient[k])), $"parameter {k}: {(up - down) / (2 * h)} vs {gradient[k]}");
        }
    }

    [Fact]
    public void TheTangentKernelIsTheGramMatrixOfTheCentralDifferenceJacobian()
    {
        var (net, _) = Small();
        int items = net.Items, count = net.Parameters.Length;
        var jacobian = new double[items, count];                            // ∂ŷ_i/∂θ_k by central differences
        const double h = 1e-6;
        for (int k = 0; k < count; k++)
        {
            double keep = net.Parameters[k];
            net.Parameters[k] = keep + h;
            var up = net.Evaluate().Outputs;
            net.Parameters[k] = keep - h;
            var down = net.Evaluate().Outputs;
            net.Parameters[k] = keep;
            for (int i = 0; i < items; i++) jacobian[i, k] = (up[i] - down[i]) / (2 * h);
        }
        var kernel = net.TangentKernel();
        for (int i = 0; i < items; i++)
            for (int j = 0; j < items; j++)
            {
                double expected = Enumerable.Range(0, count).Sum(k => jacobian[i, k] * jacobian[j, k]);
                Assert.True(Math.Abs(kernel[i * items + j] - expected) < 1e-7 * (1 + Math.Abs(expected)), $"Θ[{i},{j}] = {kernel[i * items + j]} vs {expected}");
            }
        Assert.Contains(net.Evaluate().Hidden, v => v == 0);                 // some gates closed, so the test covers them
    }

    [Fact]
    public void TheLossAndGradientOfTheBlobNetworkEqualTorchSharpAutogradOnThePlainFiftyItemBatch()
    {
        var task = new BlobTask();
        var net = new ContextMlp(25, 2, 100, task.StimulusMatrix, task.ContextValue);
        net.Initialise(1, 0.8, 0.01, 0.1, seed: 11);
        const double l2 = 0.03;
        var gradient = new double[net.Parameters.Length];
        var (loss, _) = net.LossAndGradient(task.Targets, l2, gradient);

        var p = net.Parameters;
        using var scope = NewDisposeScope();
        Tensor Leaf(double[] values, long[] shape) => tensor(values, shape, ScalarType.Float64).requires_grad_();
        var wsT = Leaf(net.StimulusWeights(p).ToArray(), [25, 100]);
        var wcT = Leaf(net.ContextWeights(p).ToArray(), [2, 100]);
        var bh = Leaf(net.HiddenBias(p).ToArray(), [100]);
        var wy = Leaf(net.OutputWeights(p).ToArray(), [100]);
        var by = Leaf([p[net.OutputBiasIndex]], [1]);
        var x = tensor(task.InputMatrix(), [50, 27], ScalarType.Float64);
        var w1 = cat([wsT, wcT], 0).t();                                      // 100 × 27, PyTorch's layout
        var h = (x.matmul(w1.t()) + bh).relu();
        var y = h.matmul(wy) + by;
        var e = y - tensor(task.Targets, ScalarType.Float64);
        var total = 0.5 * (e * e).sum() + 0.5 * l2 * ((wsT * wsT).sum() + (wcT * wcT).sum() + (wy * wy).sum());
        total.backward();
        Assert.Equal(total.item<double>(), loss, 9);
        var expected = new[] { wsT, wcT, bh, wy, by }.SelectMany(t => t.grad!.data<double>().ToArray()).ToArray();
        Assert.Equal(expected.Length, gradient.Length);
        for (int k = 0; k < gradient.Length; k++) Assert.True(Math.Abs(expected[k] - gradient[k]) < 1e-10 * (1 + Math.Abs(expected[k])), $"parameter {k}: {expected[k]} vs {gradient[k]}");
    }

    [Fact]
    public void InitialisationDrawsThePublishedScalesAndBiases()
    {
        var task = new BlobTask();
        var net = new ContextMlp(25, 2, 100, task.StimulusMatrix, task.ContextValue);
        net.Initialise(0.01, 0.5, 0.01, 0.1, seed: 1);
        var norms = FullBatchDescent.Norms(net);
        Assert.InRange(norms[0], 0.45, 0.55);                  // 0.01 · √2500 = 0.5 (spec D3)
        Assert.InRange(norms[1], 0.5 * Math.Sqrt(200) * 0.85, 0.5 * Math.Sqrt(200) * 1.15);
        Assert.All(net.HiddenBias(net.Parameters).ToArray(), b => Assert.Equal(0.1, b));
        Assert.Equal(0.1, net.Parameters[net.OutputBiasIndex]);
        var again = new ContextMlp(25, 2, 100, task.StimulusMatrix, task.ContextValue);
        again.Initialise(0.01, 0.5, 0.01, 0.1, seed: 1);
        Assert.Equal(net.Parameters, again.Parameters);
    }

    [Fact]
    public void AblatingEveryUnitLeavesOnlyTheOutputBias()
    {
        var task = new BlobTask();
        var net = new ContextMlp(25, 2, 20, task.StimulusMatrix, task.ContextValue);
        net.Initialise(1, 1, 1, 0.3, seed: 2);
        var (hidden, outputs) = net.Evaluate(new bool[20]);
        Assert.All(hidden, v => Assert.Equal(0, v));
        Assert.All(outputs, v => Assert.Equal(0.3, v));
    }
}
