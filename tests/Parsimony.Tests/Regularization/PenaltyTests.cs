using Parsimony.Geometry;
using Parsimony.Regularization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Tests.Regularization;

public class PenaltyTests
{
    static Tensor Build(RegularizerSpec spec, long n = 400, ulong seed = 1)
    {
        using var g = new Generator(seed, CPU);
        return PenaltyMatrix.Build(spec, n, g, CPU, out _);
    }

    [Fact]
    public void DogHasTheSpecShape()
    {
        Assert.Equal(0, Inhibitors.Apply(Inhibitor.Dog, 0.0));
        var grid = Enumerable.Range(0, 10_001).Select(i => i * 1e-3).ToArray();
        var argmax = grid.MaxBy(d => Inhibitors.Apply(Inhibitor.Dog, d));
        Assert.Equal(0.888, argmax, 2);
        Assert.Equal(81.1, Inhibitors.Apply(Inhibitor.Dog, argmax), 1);
        Assert.True(Inhibitors.Apply(Inhibitor.Dog, 7.07) < 0.01);
        using var d = tensor(grid.Select(x => (float)x).ToArray());
        using var f = Inhibitors.Apply(Inhibitor.Dog, d);
        Assert.Equal(Inhibitors.Apply(Inhibitor.Dog, 2.5), f[2500].item<float>(), 4);
    }

    // Spec moduli.md §1.3, N = 400: max, mean, median, 10th percentile, share below ¼·max.
    [Theory]
    [InlineData("torus", Inhibitor.Dog, true, 81.1, 66.3, 77.0, 30.6, 0.069)]
    [InlineData("klein", Inhibitor.Dog, true, 81.1, 66.3, 77.1, 30.5, 0.069)]
    [InlineData("sphere", Inhibitor.Dog, true, 81.1, 76.6, 81.1, 69.1, 0.022)]
    [InlineData("circle", Inhibitor.Dog, true, 81.1, 71.3, 81.1, 35.0, 0.068)]
    [InlineData("torus", Inhibitor.Square, false, 50, 16.7, 15.9, 3.1, 0.39)]
    [InlineData("torus", Inhibitor.Square, true, 50, 33.1, 33.8, 18.7, 0.039)]
    public void StatisticsMatchTheSpecTable(string space, Inhibitor inhibitor, bool invert, double max, double mean, double median, double p10, double share)
    {
        using var r = Build(RegularizerSpec.Parse(space, inhibitor, invert));
        var s = PenaltyStats.Of(r);
        Assert.InRange(s.Max, max - 0.5, max + 0.5);
        Assert.InRange(s.Mean, mean - 1, mean + 1);
        Assert.InRange(s.Median, median - 1, median + 1);
        Assert.InRange(s.P10, p10 - 1.5, p10 + 1.5);
        Assert.InRange(s.ShareBelowQuarterMax, share - 0.01, share + 0.01);
        if (invert) Assert.Equal(s.Max, s.DiagonalMean, 3);
    }

    [Fact]
    public void SixTorusIsAlmostConstant()
    {
        // The level (the spec's 77.7) is max DoG over the sample's closest pairs and varies with the seed; the spread does not.
        using var r = Build(RegularizerSpec.Parse("torus6"));
        var s = PenaltyStats.Of(r);
        Assert.True(s.Mean - s.P10 < 1 && s.Max - s.Mean < 1, s.ToString());
    }

    [Fact]
    public void PermutationKeepsTheMultiset()
    {
        using var plain = Build(RegularizerSpec.Parse("torus", invert: false));
        using var shuffled = Build(RegularizerSpec.Parse("torus", invert: false, permute: true));
        Assert.True((plain - shuffled).abs().max().item<float>() > 1);
        Assert.True(plain.flatten().sort().Values.equal(shuffled.flatten().sort().Values).all().item<bool>());
    }

    [Fact]
    public void StandardIsOnesAndItsInvertIsTheReferenceBugBehindAFlag()
    {
        using var ones = Build(RegularizerSpec.Parse("standard", invert: false), 20);
        Assert.Equal(1, ones.min().item<float>());
        Assert.Equal(1, ones.max().item<float>());
        var error = Assert.Throws<OptionException>(() => RegularizerSpec.Parse("standard"));
        Assert.Equal("Invert", error.Property);
        Assert.Contains("add LegacyQuirks", error.Message);
        Assert.Contains("add --legacy-quirks", error.Render(Parsimony.Cli.Cli.Flag));
        using var zero = Build(RegularizerSpec.Parse("standard", legacy: true), 20);
        Assert.Equal(0, zero.abs().max().item<float>());
        using var mean = Build(RegularizerSpec.Parse("standard", Inhibitor.Mean, invert: false));
        Assert.InRange(mean[0, 0].item<float>(), 14.0, 15.8); // E[DoG] ≈ 2π(5/2 − 1/8) ≈ 14.9
    }

    [Fact]
    public void PenaltyIsLambdaTimesTheMeanOfRTimesAbsWStackedPerGate()
    {
        using var _ = NewDisposeScope();
        using var generator = new Generator(4, CPU);
        var w = new Parameter(randn([3 * 10, 10], generator: generator));
        var reg = new ModuliRegularizer(RegularizerSpec.Parse("torus"), 0.5, 1, [new NamedWeight("w", w, Gates: 3)], 7);
        var r = reg.PenaltyFor(0);
        double expected = 0;
        for (int g = 0; g < 3; g++) expected += (r * w.narrow(0, g * 10, 10).abs()).sum().item<float>();
        expected = 0.5 * expected / w.numel();
        Assert.Equal(expected, reg.Penalty().item<float>(), 4);
        var squared = new ModuliRegularizer(RegularizerSpec.Parse("torus"), 0.5, 2, [new NamedWeight("w", w, Gates: 3)], 7);
        Assert.Equal(0.5 * (r.repeat(3, 1) * w.square()).mean().item<float>(), squared.Penalty().item<float>(), 4);
    }

    [Fact]
    public void IndependentEmbeddingPerMatrixAndReinitializeChangesThem()
    {
        using var _ = NewDisposeScope();
        using var g = new Generator(3, CPU);
        var a = new Parameter(randn([8, 8], generator: g));
        var b = new Parameter(randn([8, 8], generator: g));
        var reg = new ModuliRegularizer(RegularizerSpec.Parse("torus"), 1, 1, [new NamedWeight("a", a), new NamedWeight("b", b)], 1);
        Assert.False(reg.Embedding(0)!.equal(reg.Embedding(1)!).all().item<bool>());
        var before = reg.PenaltyFor(0).clone();
        reg.Reinitialize(2);
        Assert.False(before.equal(reg.PenaltyFor(0)).all().item<bool>());
        reg.Reinitialize(1);
        Assert.True(before.equal(reg.PenaltyFor(0)).all().item<bool>());
    }

    [Theory]
    [InlineData("torus")]
    [InlineData("klein")]
    [InlineData("sphere")]
    public void LearnedEmbeddingGradientMatchesFiniteDifferences(string name)
    {
        using var _ = NewDisposeScope();
        var space = Spaces.Parse(name);
        using var g = new Generator(11, CPU);
        var x = space.Sample(12, g).to(float64).requires_grad_(true);
        var w = randn(12, 12, dtype: float64, generator: g);
        var spec = RegularizerSpec.Parse(name);
        Tensor Loss(Tensor e) => (PenaltyMatrix.FromEmbedding(spec, e, null) * w.abs()).mean();
        Loss(x).backward();
        var analytic = x.grad!.clone();
        // Small enough that the sphere's self-distance stays clamped (arccos has an infinite slope at 1).
        const double h = 1e-7;
        for (int i = 0; i < 12; i += 5)
            for (int k = 0; k < space.Dim; k++)
            {
                var plus = x.detach().clone(); plus[i, k] += h;
                var minus = x.detach().clone(); minus[i, k] -= h;
                double numeric = (Loss(plus.requires_grad_(true)).item<double>() - Loss(minus.requires_grad_(true)).item<double>()) / (2 * h);
                Assert.Equal(numeric, analytic[i, k].item<double>(), 5);
            }
    }
}
