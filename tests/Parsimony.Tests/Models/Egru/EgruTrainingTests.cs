using Parsimony.Models.Egru;
using TorchSharp;
using static TorchSharp.torch;

namespace Parsimony.Tests.Models.Egru;

/// <summary>
/// A training smoke test in the spirit of spec §C.2 E9 (scaled down to seconds): an EGRU with a linear read-out of the
/// trace at the last step, trained by Adam through the sparse kernel, learns which of two input channels carried more
/// signal over a sequence.
/// </summary>
public class EgruTrainingTests(Xunit.Abstractions.ITestOutputHelper log)
{
    [Fact]
    public void TheSparseKernelTrainsAToySequenceClassifier()
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        const int steps = 20, batch = 32, hidden = 32;
        var spec = EgruSpec.Single(2, hidden) with { ThresholdMean = 0.1, GradClip = 1 };
        var (net, readout) = RngStreams.Seeded(3, () => (new EgruNetwork(spec), nn.Linear(hidden, 2)));
        var parameters = net.parameters().Concat(readout.parameters()).ToList();
        var optimizer = optim.Adam(parameters, 5e-3);
        using var g = new Generator(4, CPU);
        (Tensor X, Tensor Label) Batch()
        {
            var label = randint(0, 2, [batch], generator: g);
            var x = rand([steps, batch, 2], generator: g) * 0.5;
            x[.., .., 0] += label.to_type(ScalarType.Float32) * 0.3;
            x[.., .., 1] += (1 - label.to_type(ScalarType.Float32)) * 0.3;
            return (x, label);
        }
        double Accuracy(Tensor x, Tensor label)
        {
            using var noGrad = no_grad();
            var logits = readout.call(net.Forward(x)[0].Trace[-1]);
            return logits.argmax(1).eq(label).to_type(ScalarType.Float64).mean().item<double>();
        }
        var (testX, testLabel) = Batch();
        double before = Accuracy(testX, testLabel);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 100; i++)
        {
            var (x, label) = Batch();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(readout.call(net.Forward(x)[0].Trace[-1]), label);
            loss.backward();
            optimizer.step();
        }
        log.WriteLine($"100 steps: {clock.Elapsed.TotalSeconds:F2} s");
        double after = Accuracy(testX, testLabel);
        log.WriteLine($"accuracy {before:P0} → {after:P0}");
        Assert.True(after > 0.9 && after > before + 0.2, $"accuracy {before:P0} → {after:P0}");
        Assert.True(net.Layers[0].Macs.Backward > 0 && net.Layers[0].Macs.Backward < net.Layers[0].Macs.DenseBackward);
    }
}
