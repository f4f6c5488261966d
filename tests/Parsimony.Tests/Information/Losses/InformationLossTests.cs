using Parsimony.Information;
using Parsimony.Information.Losses;
using static TorchSharp.torch;

namespace Parsimony.Tests.Information.Losses;

public class InformationLossTests
{
    static readonly double[][][] Scenarios =
    [
        [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],     // scenario 1: one-hot tiling
        [[1, 0, 0, 0], [0, 1, 1, 0], [0, 1, 1, 0], [0, 0, 0, 1]],     // scenario 4: cells 1 and 2 identical
    ];

    /// <summary>Rates [B, K, N] from per-cell rate vectors (cells × bins) per batch element.</summary>
    static Tensor Batch(double[][][] cells, ScalarType dtype = ScalarType.Float64) =>
        stack(cells.Select(c => tensor(c.SelectMany(x => x).ToArray(), [c.Length, c[0].Length]).t()).ToArray()).to(dtype);

    // Spec ssi.md §6.5: batch = {scenario 1, scenario 4}, T = 4, p = ¼, code eps.
    [Theory]
    [InlineData(InformationObjective.EigenI, -11.739854)]
    [InlineData(InformationObjective.EigenISec, -3.378493)]
    [InlineData(InformationObjective.I, -1.458160)]
    [InlineData(InformationObjective.Skaggs, -14.000000)]
    public void LossValuesMatchTheSpec(InformationObjective objective, double expected)
    {
        using var _ = NewDisposeScope();
        Assert.Equal(expected, InformationLosses.Loss(objective, Batch(Scenarios)).item<double>(), 5);
        Assert.Equal(expected, InformationLosses.Loss(objective, Batch(Scenarios, ScalarType.Float32)).item<float>(), 3);
    }

    [Fact]
    public void AgreesWithTheFloat64Core()
    {
        using var _ = NewDisposeScope();
        var rng = new Random(3);
        var cells = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 7).Select(c =>
            Enumerable.Range(0, 12).Select(x => c == 6 ? 2.0 : c == 5 ? 0.0 : Math.Max(0, rng.NextDouble() * 3 - 1)).ToArray()).ToArray()).ToArray();
        var p = Enumerable.Range(0, 12).Select(x => (x + 1.0) / 78).ToArray();  // non-uniform occupancy, sums to 1
        var (sec64, spike64) = InformationLosses.PairMatrix(Batch(cells), tensor(p));
        var (_, spike32) = InformationLosses.PairMatrix(Batch(cells, ScalarType.Float32), tensor(p).to(float32));
        for (int b = 0; b < cells.Length; b++)
        {
            var core = StimulusInformationMatrix.Compute(cells[b], p, InfoConvention.Reference);
            for (int i = 0; i < 7; i++)
                for (int j = 0; j < 7; j++)
                {
                    Assert.Equal(core.BitsPerSpike[i, j], spike64[b, i, j].item<double>(), 9);
                    Assert.Equal(core.BitsPerSecond[i, j], sec64[b, i, j].item<double>(), 9);
                    double scale = Math.Max(1, Math.Abs(core.BitsPerSpike[i, j]));
                    Assert.True(Math.Abs(core.BitsPerSpike[i, j] - spike32[b, i, j].item<float>()) <= 1e-5 * scale * 10,
                        $"float32 ({i},{j}): {spike32[b, i, j].item<float>()} vs {core.BitsPerSpike[i, j]}");
                }
        }
    }

    [Fact]
    public void SsiGradientMatchesFiniteDifferencesAndIsFiniteWithSilentCells()
    {
        using var _ = NewDisposeScope();
        using var g = new Generator(5, CPU);
        var rates = (rand(2, 10, 5, dtype: float64, generator: g) + 0.1);
        rates[0, TensorIndex.Colon, 4] = zeros(10, dtype: float64); // a silent cell
        rates.requires_grad_(true);
        InformationLosses.Loss(InformationObjective.EigenI, rates).backward();
        var analytic = rates.grad!.clone();
        Assert.True(analytic.isfinite().all().item<bool>());
        const double h = 1e-6;
        foreach (var (b, x, n) in new[] { (0, 3, 1), (1, 7, 2), (1, 0, 4) })
        {
            using var __ = no_grad();
            var plus = rates.detach().clone(); plus[b, x, n] += h;
            var minus = rates.detach().clone(); minus[b, x, n] -= h;
            double numeric = (InformationLosses.Loss(InformationObjective.EigenI, plus).item<double>()
                              - InformationLosses.Loss(InformationObjective.EigenI, minus).item<double>()) / (2 * h);
            Assert.Equal(numeric, analytic[b, x, n].item<double>(), 5);
        }
    }
}
