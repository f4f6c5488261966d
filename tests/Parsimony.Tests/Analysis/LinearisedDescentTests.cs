using Parsimony.Analysis;

namespace Parsimony.Tests.Analysis;

/// <summary>The kernel-regime loss prediction against closed forms and small-step gradient descent on a linear model.</summary>
public class LinearisedDescentTests
{
    [Fact]
    public void EachEigenmodeDecaysExponentially()
    {
        // Θ = diag(2, 0.5), e_0 = (1, −2), η = 0.1: ½ (e^(−0.4 t) + 4 e^(−0.1 t))
        var loss = LinearisedDescent.Loss([2, 0, 0, 0.5], [1, -2], 0.1, [0, 3, 10]);
        Assert.Equal(2.5, loss[0], 14);
        Assert.Equal(0.5 * (Math.Exp(-1.2) + 4 * Math.Exp(-0.3)), loss[1], 14);
        Assert.Equal(0.5 * (Math.Exp(-4) + 4 * Math.Exp(-1)), loss[2], 14);
    }

    [Fact]
    public void ItIsTheSmallStepLimitOfDescentOnALinearModel()
    {
        // ŷ = X w + b: the tangent kernel is X Xᵀ + 1 whatever the parameters; descent with η/100 for 100 t steps approaches the flow at t
        var rng = new Random(4);
        const int items = 6, features = 4;
        const double eta = 0.05;
        var x = Enumerable.Range(0, items * features).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var y = Enumerable.Range(0, items).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var w = Enumerable.Range(0, features).Select(_ => rng.NextDouble()).ToArray();
        double b = 0.3;
        double[] Residuals() => Enumerable.Range(0, items).Select(i => Enumerable.Range(0, features).Sum(f => x[i * features + f] * w[f]) + b - y[i]).ToArray();
        var kernel = new double[items * items];
        for (int i = 0; i < items; i++)
            for (int j = 0; j < items; j++) kernel[i * items + j] = Enumerable.Range(0, features).Sum(f => x[i * features + f] * x[j * features + f]) + 1;
        int[] steps = [0, 1, 5, 40];
        var predicted = LinearisedDescent.Loss(kernel, Residuals(), eta, steps);
        var trained = new List<double>();
        const int substeps = 100;
        for (int t = 0; t <= steps[^1] * substeps; t++)
        {
            var e = Residuals();
            if (t % substeps == 0 && steps.Contains(t / substeps)) trained.Add(0.5 * e.Sum(v => v * v));
            for (int f = 0; f < features; f++) w[f] -= eta / substeps * Enumerable.Range(0, items).Sum(i => e[i] * x[i * features + f]);
            b -= eta / substeps * e.Sum();
        }
        for (int k = 0; k < steps.Length; k++) Assert.True(Math.Abs(trained[k] - predicted[k]) < 2e-3 * predicted[k], $"step {steps[k]}: {trained[k]} vs {predicted[k]}");
        Assert.True(predicted[^1] < predicted[0]);
    }

    [Fact]
    public void BadInputIsRefused()
    {
        Assert.Throws<OptionException>(() => LinearisedDescent.Loss([1, 0, 0], [1, 2], 0.1, [0]));
        Assert.Throws<OptionException>(() => LinearisedDescent.Loss([1, 0, 0, 1], [1, 2], 0, [0]));
        Assert.Throws<OptionException>(() => LinearisedDescent.Loss([1, 0, 0, 1], [1, 2], 0.1, [-1]));
    }
}
