using Parsimony.Models.Olfaction;

namespace Parsimony.Tests.Models.Olfaction;

/// <summary>The closed forms of spec §C.3 and the short version of check C2 (the long one is in docs/results/circuits.md).</summary>
public class EliminationTheoryTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(10)]
    public void EliminationPowerPeaksAtOneOverKPlusOne(int k)
    {
        double star = EliminationTheory.OptimalBreadth(k), peak = EliminationTheory.EliminationPower(star, k);
        foreach (var s in Enumerable.Range(1, 999).Select(i => i / 1000.0))
            Assert.True(EliminationTheory.EliminationPower(s, k) <= peak + 1e-15, $"s = {s}");
        Assert.Equal(1.0 / (k + 1) * Math.Pow(k / (k + 1.0), k), peak, 15);
    }

    [Fact]
    public void TheSpecsReceptorCountIsAFewHundredAtItsExample()
    {
        Assert.Equal(275.4, EliminationTheory.ReceptorsForFalseCandidates(10_000, 10, 1), 1);   // spec §C.3: N = 10⁴, K = 10, ε = 1 → M ≈ 275
        // e(K + 1) replaces 1/(s*(1 − s*)^K) = 11 · 1.1^10 ≈ 28.5 by e · 11 ≈ 29.9, so at that M both closed forms leave fewer than ε = 1,
        // and the exact expectation, (1 − x)^M < e^(−xM), fewer still.
        double approximate = EliminationTheory.ApproximateFalseCandidates(10_000, 275, 1.0 / 11, 10);
        double exact = EliminationTheory.ExpectedFalseCandidates(10_000, 275, 1.0 / 11, 10);
        Assert.InRange(approximate, 0.6, 0.7);
        Assert.InRange(exact, 0.5, approximate);
        Assert.True(EliminationTheory.ReceptorsForExpectedFalse(10_000, 10, 1.0 / 11, 1) < 275);
    }

    [Fact]
    public void TheExactExpectationTendsToTheSpecsFormulaForSmallSq()
    {
        double exact = EliminationTheory.ExpectedFalseCandidates(100_000, 500_000, 1e-5, 5);
        double spec = EliminationTheory.ApproximateFalseCandidates(100_000, 500_000, 1e-5, 5);
        Assert.Equal(1, exact / spec, 3);
        Assert.True(EliminationTheory.ExpectedFalseCandidates(1000, 18, 0.5, 1) < EliminationTheory.ApproximateFalseCandidates(1000, 18, 0.5, 1) * 0.6);
    }

    /// <summary>Check C2, short: the Monte-Carlo mean of |Cand| − K against the exact expectation, within 10% (3 standard errors).</summary>
    [Theory]
    [InlineData(2000, 40, 0.2, 3)]
    [InlineData(1000, 60, 0.1, 5)]
    public void MeanFalseCandidatesMatchTheClosedForm(int n, int m, double s, int k)
    {
        var rng = new Random(n * 7 + k);
        var decoder = new EliminationDecoder(new ReceptorResponse(), EliminationCriterion.Binding, 0.1, 0.01);
        var counts = new List<double>();
        for (int t = 0; t < 500; t++)
        {
            var sensing = SensingMatrix.Draw(new ReceptorRepertoire(n, m, s), rng);
            var odour = Odour.Draw(n, k, 0.1, 10, rng);
            counts.Add(decoder.Candidates(sensing, decoder.Response.Respond(sensing, odour, rng)).Length - k);
        }
        double mean = counts.Average(), se = Math.Sqrt(counts.Average(c => (c - mean) * (c - mean)) / counts.Count);
        double expected = EliminationTheory.ExpectedFalseCandidates(n, m, s, k);
        Assert.True(Math.Abs(mean / expected - 1) < 0.1, $"mean {mean} ± {se}, expected {expected}");
        Assert.True(Math.Abs(mean - expected) < 3 * se, $"mean {mean} ± {se}, expected {expected}");
    }

    [Fact]
    public void TheSolvabilityBoundIsTheFirstMWithCandidatesWithinTheActiveReceptors()
    {
        int m = EliminationTheory.ReceptorsForSolvability(1000, 4, 0.2);
        double q = Math.Pow(0.8, 4);
        Assert.True(4 + EliminationTheory.ExpectedFalseCandidates(1000, m, 0.2, 4) <= m * (1 - q));
        Assert.True(4 + EliminationTheory.ExpectedFalseCandidates(1000, m - 1, 0.2, 4) > (m - 1) * (1 - q));
    }
}
