using Parsimony.Models.Egru;
using static TorchSharp.torch;
using static Parsimony.Tests.Models.Egru.EgruTesting;

namespace Parsimony.Tests.Models.Egru;

/// <summary>Thresholds (spec §A.1, §C.2 E4): clamped to [0, 1] by every forward, Beta(3m/(1−m), 3) initialisation, m ∈ (0, 1).</summary>
public class EgruThresholdTests
{
    [Theory]
    [InlineData(EgruBackend.Sparse)]
    [InlineData(EgruBackend.Dense)]
    [InlineData(EgruBackend.Autograd)]
    public void E4EveryForwardClampsTheThresholdsToTheUnitInterval(EgruBackend backend)
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        var layer = Layer(2, 4, EgruSpec.Single(2, 4));
        layer.Backend = backend;
        using (no_grad()) layer.Threshold.copy_(tensor(new[] { -0.5, 1.5, 0.25, 1.0 }));
        layer.Forward(Input(3, 2, 2));
        Assert.Equal(new[] { 0.0, 1.0, 0.25, 1.0 }, layer.Threshold.detach().data<double>().ToArray());

        var optimizer = optim.SGD(layer.parameters(), 10.0);
        for (int i = 0; i < 3; i++)
        {
            optimizer.zero_grad();
            var o = layer.Forward(Input(3, 2, 2, seed: (ulong)i));
            (o.H.sum() * 100).backward();                                               // a large step: leaves [0, 1] before the next forward
            optimizer.step();
            layer.Forward(Input(3, 2, 2));
            var thr = layer.Threshold.detach();
            Assert.True((thr >= 0).all().item<bool>() && (thr <= 1).all().item<bool>());
        }
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.01)]
    [InlineData(0.8)]
    public void E4BetaInitialisationHasMeanMWithinThreeStandardErrors(double m)
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        const int n = 10_000;
        var sample = RngStreams.Seeded(42, () => EgruLayer.SampleThresholds(n, m)).to_type(float64);
        double alpha = 3 * m / (1 - m), beta = 3;
        double variance = alpha * beta / ((alpha + beta) * (alpha + beta) * (alpha + beta + 1));
        double mean = sample.mean().item<double>();
        Assert.InRange(mean, m - 3 * Math.Sqrt(variance / n), m + 3 * Math.Sqrt(variance / n));
        Assert.InRange(sample.var().item<double>(), 0.9 * variance, 1.1 * variance);
        Assert.True((sample >= 0).all().item<bool>() && (sample <= 1).all().item<bool>());
        var again = RngStreams.Seeded(42, () => EgruLayer.SampleThresholds(n, m)).to_type(float64);
        Assert.True(Same(sample, again));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.2465)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void E4ThresholdMeansOutsideTheOpenUnitIntervalAreRefused(double m)
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        var e = Assert.Throws<OptionException>(() => new EgruLayer(2, 4, EgruSpec.Single(2, 4) with { ThresholdMean = m }));
        Assert.Equal("ThresholdMean", e.Property);
        Assert.Contains("(0, 1)", e.Message);
        Assert.Equal("ThresholdMean", Assert.Throws<OptionException>(() => EgruLayer.SampleThresholds(4, m)).Property);
    }
}
