using Parsimony.Regularization;
using static TorchSharp.torch;

namespace Parsimony.Tests.Regularization;

/// <summary>The matrix exponential's Fréchet-derivative gradient against libtorch's block-matrix gradient and finite differences.</summary>
public class MatrixExponentialTests
{
    [Theory]
    [InlineData(0.05)]
    [InlineData(1.0)]
    [InlineData(6.0)]
    [InlineData(40.0)]
    public void TheGradientEqualsLibtorchsAtEveryScale(double scale)
    {
        using var g = new Generator(11, CPU);
        using var a0 = randn(3, 7, 7, dtype: float64, generator: g) * (scale / 7);
        using var weights = randn(3, 7, 7, dtype: float64, generator: g);
        using var mine = a0.clone().requires_grad_(true);
        using var theirs = a0.clone().requires_grad_(true);
        var e = MatrixExponential.Of(mine);
        var reference = theirs.matrix_exp();
        Assert.True(e.allclose(reference, rtol: 0, atol: 0));                  // the forward is libtorch's
        (e * weights).sum().backward();
        (reference * weights).sum().backward();
        double size = theirs.grad!.abs().max().item<double>();
        Assert.True((mine.grad! - theirs.grad).abs().max().item<double>() <= 1e-10 * Math.Max(1, size), $"scale {scale}");
    }

    [Fact]
    public void TheFrechetDerivativeMatchesACentralDifferenceOnOneMatrix()
    {
        using var g = new Generator(5, CPU);
        using var x = randn(6, 6, dtype: float64, generator: g) * 0.8;
        using var direction = randn(6, 6, dtype: float64, generator: g);
        double h = 1e-5;
        using var numeric = ((x + direction * h).matrix_exp() - (x - direction * h).matrix_exp()) / (2 * h);
        using var exact = MatrixExponential.Frechet(x, direction);
        Assert.True((exact - numeric).abs().max().item<double>() < 1e-8);
        using var zero = MatrixExponential.Frechet(zeros(4, 4, dtype: float64), eye(4, dtype: float64));
        Assert.True(zero.allclose(eye(4, dtype: float64), rtol: 0, atol: 1e-15));   // L(0, I) = I
    }
}
