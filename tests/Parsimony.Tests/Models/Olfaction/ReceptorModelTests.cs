using Parsimony.Experiments.Olfaction;
using Parsimony.Models.Olfaction;

namespace Parsimony.Tests.Models.Olfaction;

/// <summary>The random repertoire, competitive binding, the Hill output and check C5 (the linearisation recovers c).</summary>
public class ReceptorModelTests
{
    [Fact]
    public void TheRepertoireBindsAShareSOfPairsWithTheAskedDistributions()
    {
        var sensing = SensingMatrix.Draw(new ReceptorRepertoire(2000, 100, 0.05, AffinitySpread: 0.7, EfficacyMin: 0.2), new Random(3));
        var entries = Enumerable.Range(0, 100).SelectMany(a => sensing.Affinities(a).ToArray().Zip(sensing.Efficacies(a).ToArray())).ToArray();
        double share = entries.Length / (2000.0 * 100), sd = Math.Sqrt(0.05 * 0.95 / (2000.0 * 100));
        Assert.True(Math.Abs(share - 0.05) < 4 * sd, $"binding share {share}");
        var logs = entries.Select(e => Math.Log(e.First)).ToArray();
        Assert.True(Math.Abs(logs.Average()) < 0.02, $"mean ln affinity {logs.Average()}");
        Assert.True(Math.Abs(Math.Sqrt(logs.Average(v => v * v)) - 0.7) < 0.02);
        Assert.True(entries.All(e => e.Second is >= 0.2 and <= 1));
        Assert.True(Math.Abs(entries.Average(e => e.Second) - 0.6) < 0.01);
        for (int a = 0; a < 100; a++) Assert.True(sensing.Bound(a).ToArray().Zip(sensing.Bound(a).ToArray().Skip(1)).All(p => p.First < p.Second));
        var full = SensingMatrix.Draw(new ReceptorRepertoire(30, 4, 1), new Random(1));
        Assert.All(Enumerable.Range(0, 4), a => Assert.Equal(30, full.Bound(a).Length));
    }

    [Fact]
    public void CompetitiveBindingMatchesTheHandComputedFraction()
    {
        // Receptor 0 binds odorants 1 (w = 2, η = 0.5) and 3 (w = 1, η = 1); receptor 1 binds only odorant 2.
        var sensing = SensingMatrix.FromRows(4, [[1, 3], [2]], [[2, 1], [4]], [[0.5, 1], [0.9]]);
        var odour = new Odour([1, 3], [0.5, 3]);
        var a = ReceptorResponse.ActiveFractions(sensing, odour);
        Assert.Equal((0.5 * 2 * 0.5 + 1 * 1 * 3) / (1 + 2 * 0.5 + 3), a[0], 14);
        Assert.Equal(0, a[1]);
        var response = new ReceptorResponse(HillExponent: 2, HalfActivation: 0.4);
        var r = response.Respond(sensing, odour, new Random(1));
        Assert.Equal(a[0] * a[0] / (a[0] * a[0] + 0.16), r[0], 14);
        Assert.Equal(0, r[1]);
        Assert.Equal(a[0], response.InverseHill(r[0]), 12);
        var thresholded = response with { Threshold = 0.99 };
        Assert.All(thresholded.Respond(sensing, odour, new Random(1)), v => Assert.Equal(0, v));
    }

    [Fact]
    public void AnAntagonistLowersTheActiveFractionOfACompetitor()
    {
        var sensing = SensingMatrix.FromRows(2, [[0, 1]], [[1, 1]], [[1, 0]]);
        double alone = ReceptorResponse.ActiveFractions(sensing, new Odour([0], [1]))[0];
        double mixed = ReceptorResponse.ActiveFractions(sensing, new Odour([0, 1], [1, 5]))[0];
        Assert.Equal(0.5, alone, 14);
        Assert.Equal(1.0 / 7, mixed, 14);                        // one site: the zero-efficacy odorant occupies it
    }

    /// <summary>Check C5: for random (η, κ, c), A forward and then the linear system recover c to float64 precision.</summary>
    [Fact]
    public void TheLinearisedSystemRecoversTheConcentrationsExactly()
    {
        var rng = new Random(11);
        var decoder = new OlfactionConfig().Decoder();
        int tested = 0;
        for (int t = 0; t < 200; t++)
        {
            var sensing = SensingMatrix.Draw(new ReceptorRepertoire(50, 30, 0.3, AffinitySpread: 1.5), rng);
            var odour = Odour.Draw(50, 1 + t % 8, 0.05, 20, rng);
            if (PointStatistics.LinearisationError(decoder, sensing, odour) is not { } error) continue;
            tested++;
            Assert.True(error < 1e-10, $"trial {t}: relative error {error}");
        }
        Assert.True(tested > 150, $"only {tested} determined systems");
    }
}
