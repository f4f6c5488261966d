using MathNet.Numerics.LinearAlgebra;
using Parsimony.Geometry;
using Parsimony.Models.Sernn;
using Parsimony.Regularization;
using static TorchSharp.torch;

namespace Parsimony.Tests.Regularization;

/// <summary>The seRNN grid and regularisers against the spec's checks A1–A4 (neuro_models.md §A.12).</summary>
public class SpatialRegularizerTests
{
    static double[,] GridDistances() => Grid3D.DistanceMatrix(Grid3D.Meshgrid(5, 5, 4));

    [Fact]
    public void TheGridHasTheReferenceLayoutAndDistances()
    {
        var p = Grid3D.Meshgrid(5, 5, 4);
        Assert.Equal([0.0, 0, 0], p[0]);
        Assert.Equal([0.0, 0, 1], p[1]);
        Assert.Equal([1.0, 0, 0], p[4]);
        Assert.Equal([0.0, 1, 0], p[20]);
        Assert.Equal([4.0, 4, 3], p[99]);
        var d = GridDistances();
        double max = 0, sum = 0; int neighbours = 0;
        for (int i = 0; i < 100; i++)
            for (int j = 0; j < 100; j++)
            {
                max = Math.Max(max, d[i, j]); sum += d[i, j];
                if (i < j && Math.Abs(d[i, j] - 1) < 1e-12) neighbours++;
            }
        Assert.Equal(Math.Sqrt(41), max, 12);
        Assert.Equal(30271.04, sum, 2);
        Assert.Equal(3.0577, sum / 9900, 4);
        Assert.Equal(235, neighbours);
    }

    [Fact]
    public void CommunicabilityOfASymmetricMatrixIsTheExponentialOfItsNormalisedFormWithoutTheDiagonal()
    {
        var w = new double[,] { { 0, 0.5, 0.2, 0 }, { 0.5, 0.1, 0.3, 0.7 }, { 0.2, 0.3, 0, 0.4 }, { 0, 0.7, 0.4, 0.2 } };
        var m = Matrix<double>.Build.DenseOfArray(w);
        var s = m.RowSums().Map(v => 1 / Math.Sqrt(v));
        var normalised = Matrix<double>.Build.DiagonalOfDiagonalVector(s) * m * Matrix<double>.Build.DiagonalOfDiagonalVector(s);
        var evd = normalised.Evd(Symmetricity.Symmetric);
        var expected = evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(evd.EigenValues.Real().Map(Math.Exp)) * evd.EigenVectors.Transpose();
        using var c = SpatialRegularizer.Communicability(tensor(w, dtype: float64));
        var got = c.data<double>().ToArray();
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) Assert.Equal(i == j ? 0 : expected[i, j], got[i * 4 + j], 12);
    }

    [Fact]
    public void AtOrthogonalInitialisationThePenaltyHasTheSpecsMagnitude()
    {
        var d = GridDistances();
        foreach (int seed in new[] { 1, 2 })
        {
            using var u = RngStreams.Seeded(seed, () => KerasRnn.Orthogonal(100));
            using var eye = u.t().matmul(u);
            Assert.True(eye.allclose(TorchSharp.torch.eye(100), atol: 1e-5), "UᵀU = I");
            using var sernn = new SpatialRegularizer(SpatialPenalty.Sernn, 1, u, WeightLayout.FromRowToColumn, d);
            using var distance = new SpatialRegularizer(SpatialPenalty.Distance, 1, u, WeightLayout.FromRowToColumn, d);
            using var l1 = new SpatialRegularizer(SpatialPenalty.L1, 1, u, WeightLayout.FromRowToColumn, null);
            Assert.InRange(sernn.Penalty().item<float>(), 53, 58);                // A2 / A9: R/λ ≈ 54.9–55.6
            Assert.InRange(distance.Penalty().item<float>(), 2380, 2450);          // Σ|U|∘D ≈ 2409–2423
            Assert.InRange(l1.Penalty().item<float>(), 790, 810);                  // Σ|U| ≈ 798–800
        }
    }

    [Fact]
    public void ThePenaltysGradientThroughTheExponentialMatchesFiniteDifferences()
    {
        var d = Grid3D.DistanceMatrix(Grid3D.Meshgrid(3, 2, 1));
        using var g = new Generator(11, CPU);
        var u = (randn(6, 6, dtype: float64, generator: g) * 0.5).requires_grad_();
        foreach (var kind in new[] { SpatialPenalty.Sernn, SpatialPenalty.Communicability, SpatialPenalty.Distance, SpatialPenalty.L1 })
        {
            using var r = new SpatialRegularizer(kind, 0.7, u, WeightLayout.FromRowToColumn, d);
            u.grad?.zero_();
            r.Penalty().backward();
            var analytic = u.grad!.data<double>().ToArray();
            var values = u.detach().clone();
            double worst = 0;
            for (int k = 0; k < 36; k++)
            {
                double Value(double delta)
                {
                    using var v = values.clone();
                    v.view(-1)[k] += delta;
                    using var rr = new SpatialRegularizer(kind, 0.7, v, WeightLayout.FromRowToColumn, d);
                    return rr.Penalty().item<double>();
                }
                const double h = 1e-6;
                double numeric = (Value(h) - Value(-h)) / (2 * h);
                worst = Math.Max(worst, Math.Abs(numeric - analytic[k]) / Math.Max(1e-3, Math.Abs(numeric)));
            }
            Assert.True(worst < 1e-4, $"{kind}: relative gradient error {worst}");
        }
    }

    [Fact]
    public void APyTorchLayoutMatrixPaysTheSamePenaltyOnlyWhenItsLayoutIsDeclared()
    {
        var d = GridDistances();
        using var g = new Generator(3, CPU);
        using var gain = linspace(0.2, 5, 100, dtype: float64).unsqueeze(1);                               // rows of very different strength
        using var u = rand(100, 100, dtype: float64, generator: g) * gain;                                  // Keras U: row sums ≠ column sums
        using var wHh = u.t().contiguous();                                                                           // the PyTorch W_hh of the same network
        using var keras = new SpatialRegularizer(SpatialPenalty.Sernn, 1, u, WeightLayout.FromRowToColumn, d);
        using var declared = new SpatialRegularizer(SpatialPenalty.Sernn, 1, wHh, WeightLayout.ToRowFromColumn, d);
        using var undeclared = new SpatialRegularizer(SpatialPenalty.Sernn, 1, wHh, WeightLayout.FromRowToColumn, d);
        double r = keras.Penalty().item<double>();
        Assert.Equal(r, declared.Penalty().item<double>(), 9);
        Assert.True(Math.Abs(undeclared.Penalty().item<double>() - r) > 1e-3 * r,
            $"the column-sum variant must differ: {undeclared.Penalty().item<double>()} vs {r}");
    }

    [Fact]
    public void DetachingCommunicabilityKeepsThePenaltyAndDropsItsPathFromTheGradient()
    {
        var d = Grid3D.DistanceMatrix(Grid3D.Meshgrid(3, 2, 1));
        using var g = new Generator(4, CPU);
        var u = randn(6, 6, dtype: float64, generator: g).requires_grad_();
        using var attached = new SpatialRegularizer(SpatialPenalty.Sernn, 1, u, WeightLayout.FromRowToColumn, d);
        using var detached = new SpatialRegularizer(SpatialPenalty.Sernn, 1, u, WeightLayout.FromRowToColumn, d, detach: true);
        Assert.Equal(attached.Penalty().item<double>(), detached.Penalty().item<double>(), 12);
        detached.Penalty().backward();
        using var expected = u.detach().sign() * SpatialRegularizer.Communicability(u.detach().abs()) * tensor(d, dtype: float64);
        Assert.True(u.grad!.allclose(expected, atol: 1e-12));
    }

    [Fact]
    public void BadStrengthsAndMismatchedGridsAreRefusedWithTheirOption()
    {
        using var u = zeros(6, 6);
        var d = Grid3D.DistanceMatrix(Grid3D.Meshgrid(5, 5, 4));
        Assert.Contains("Lambda", Assert.Throws<OptionException>(() => new SpatialRegularizer(SpatialPenalty.L1, -1, u, WeightLayout.FromRowToColumn, null)).Message);
        var e = Assert.Throws<OptionException>(() => new SpatialRegularizer(SpatialPenalty.Sernn, 1, u, WeightLayout.FromRowToColumn, d));
        Assert.Contains("100 units but the hidden layer has 6", e.Message);
        using var zero = new SpatialRegularizer(SpatialPenalty.Sernn, 1, u, WeightLayout.FromRowToColumn, Grid3D.DistanceMatrix(Grid3D.Meshgrid(3, 2, 1)));
        Assert.Equal(0, zero.Penalty().item<float>());                        // all-zero weights: strengths floored, no NaN
    }
    [Fact]
    public void AStackPaysEachMatrixsOwnPenaltyWithItsOwnStrengthAndGradient()
    {
        var d = Grid3D.DistanceMatrix(Grid3D.Meshgrid(3, 2, 2));
        var lambdas = new[] { 0.3, 0.01, 1.7 };
        foreach (var kind in Enum.GetValues<SpatialPenalty>())
        {
            var singles = Enumerable.Range(0, 3).Select(k => new TorchSharp.Modules.Parameter(RngStreams.Seeded(k + 3, () => randn(12, 12, dtype: float64)))).ToList();
            using var stacked = new TorchSharp.Modules.Parameter(stack(singles.Select(p => p.detach()).ToList()).clone());
            using var all = new SpatialRegularizer(kind, lambdas, stacked, WeightLayout.FromRowToColumn, d);
            var per = all.PerMatrix();
            Assert.Equal([3L], per.shape);
            all.Penalty().backward();
            for (int k = 0; k < 3; k++)
            {
                using var one = new SpatialRegularizer(kind, lambdas[k], singles[k], WeightLayout.FromRowToColumn, d);
                var p = one.Penalty();
                Assert.Equal(p.item<double>(), per[k].item<double>(), 10);
                p.backward();
                Assert.True(singles[k].grad!.allclose(stacked.grad![k], rtol: 1e-9, atol: 1e-12), $"{kind}, matrix {k}");
            }
        }
        using var u = new TorchSharp.Modules.Parameter(randn(2, 12, 12, dtype: float64));
        Assert.Contains("one strength per matrix", Assert.Throws<OptionException>(() => new SpatialRegularizer(SpatialPenalty.L1, [0.1], u, WeightLayout.FromRowToColumn, null)).Message);
    }
}
