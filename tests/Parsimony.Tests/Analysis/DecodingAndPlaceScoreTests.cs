using Parsimony.Analysis;

namespace Parsimony.Tests.Analysis;

public class DecodingAndPlaceScoreTests
{
    [Fact]
    public void NaiveBayesDecodesSeparableClassesAndIsNearChanceOnNoise()
    {
        var rng = new Random(1);
        int n = 400, classes = 4;
        var labels = Enumerable.Range(0, n).Select(i => i % classes).ToArray();
        var separable = labels.Select(c => Enumerable.Range(0, 6).Select(j => (j % classes == c ? 3.0 : 0) + 0.3 * rng.NextDouble()).ToArray()).ToArray();
        Assert.Equal(1.0, Decoders.NaiveBayesLeaveOneOut(separable, labels, classes));
        var noise = labels.Select(_ => Enumerable.Range(0, 6).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        Assert.InRange(Decoders.NaiveBayesLeaveOneOut(noise, labels, classes), 0.12, 0.38);
    }

    [Fact]
    public void LeaveOneOutExcludesTheSampleItself()
    {
        // Each class has one sample with a unique value: with the sample left out its class has no data, so it cannot be recovered.
        double[][] features = [[0.0], [10.0], [20.0]];
        Assert.Equal(0, Decoders.NaiveBayesLeaveOneOut(features, [0, 1, 2], 3));
    }

    [Fact]
    public void LinearClassifierSeparatesQuadrants()
    {
        var rng = new Random(2);
        var points = Enumerable.Range(0, 600).Select(_ => new[] { rng.NextDouble() - 0.5, rng.NextDouble() - 0.5 }).ToArray();
        var labels = points.Select(p => (p[1] > 0 ? 2 : 0) + (p[0] > 0 ? 1 : 0)).ToArray();
        Assert.True(Decoders.LinearClassifier(points, labels, 4) > 0.9);
        var shuffled = labels.OrderBy(_ => rng.Next()).ToArray();
        Assert.InRange(Decoders.LinearClassifier(points, shuffled, 4), 0.1, 0.42);
    }

    [Fact]
    public void CompactFieldScoresAboveNoiseAndAFlatMapScoresZero()
    {
        int n = 25;
        var bump = new double[n * n];
        var rng = new Random(3);
        var noise = new double[n * n];
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
            {
                bump[y * n + x] = Math.Exp(-((x - 8) * (x - 8) + (y - 15) * (y - 15)) / 8.0);
                noise[y * n + x] = rng.NextDouble();
            }
        double field = PlaceScore.Compute(bump, n, n), random = PlaceScore.Compute(noise, n, n);
        Assert.True(field > 5 && random < -10, $"field {field}, noise {random}");
        Assert.Equal(0, PlaceScore.Compute(Enumerable.Repeat(2.0, n * n).ToArray(), n, n));
        // Closed form for a one-bin map: consistency = 1 (every bin < 0.1 or > 0.9), sparsity = (1/K)²/(1/K) = 1/K.
        var spike = new double[n * n];
        spike[300] = 1;
        var blurred = GaussianSmoothing.Smooth(spike, n, n, 1, circular: false, radius: 2);
        double smoothness = spike.Zip(blurred, (a, b) => Math.Abs(a - b)).Average();
        Assert.Equal(-100 * smoothness + 10 - 10.0 / (n * n), PlaceScore.Compute(spike, n, n), 12);
    }
}
