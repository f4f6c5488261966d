using Parsimony.Models.Olfaction;

namespace Parsimony.Tests.Models.Olfaction;

/// <summary>Estimation by elimination: a hand example, check C1 over random trials, and what θ &gt; 0 and noise change.</summary>
public class EliminationDecoderTests
{
    static readonly ReceptorResponse Clean = new(HillExponent: 1.5, HalfActivation: 0.3);
    static EliminationDecoder Decoder(ReceptorResponse response, UnderdeterminedPolicy policy = UnderdeterminedPolicy.Refuse,
                                      EliminationCriterion criterion = EliminationCriterion.Binding) => new(response, criterion, 0.1, 0.01, policy);

    [Fact]
    public void SilentReceptorsRuleOutWhatTheyBindAndTheRestIsSolved()
    {
        // Odorants 0..3; odorant 2 is present. Receptor 0 binds {0, 2}, 1 binds {1} (silent: rules out 1), 2 binds {2, 3}, 3 binds {3} (silent: rules out 3).
        var sensing = SensingMatrix.FromRows(4, [[0, 2], [1], [2, 3], [3]], [[1, 2], [1], [0.5, 1], [1]], [[0.8, 0.6], [1], [0.9, 0.4], [0.7]]);
        var odour = new Odour([2], [1.7]);
        var outputs = Clean.Respond(sensing, odour, new Random(1));
        Assert.Equal([false, true, false, true], outputs.Select(Clean.Silent).ToArray());
        var decoding = Decoder(Clean).Decode(sensing, outputs);
        Assert.Equal([0, 2], decoding.Candidates);                // 0 is bound only by active receptor 0: it survives
        Assert.Equal(2, decoding.ActiveReceptors);
        Assert.True(decoding.FullRank);
        Assert.Equal([2], decoding.Odorants);
        Assert.Equal(1.7, decoding.Concentrations[0], 12);
        Assert.Equal(0, decoding.CandidateConcentrations[0], 12);
    }

    /// <summary>Check C1: noise-free, θ = 0⁺: perfect identities and concentration error &lt; 1e-6 whenever |Cand| ≤ #active (full rank).</summary>
    [Theory]
    [InlineData(300, 40, 0.2, 3)]
    [InlineData(500, 60, 0.1, 6)]
    [InlineData(200, 25, 0.5, 1)]
    public void NoiseFreeDecodingIsExactWheneverEliminationLeavesAnOverDeterminedSystem(int n, int m, double s, int k)
    {
        var rng = new Random(n + k);
        var decoder = Decoder(Clean);
        int solvable = 0;
        for (int t = 0; t < 150; t++)
        {
            var sensing = SensingMatrix.Draw(new ReceptorRepertoire(n, m, s), rng);
            var odour = Odour.Draw(n, k, 0.1, 10, rng);
            var decoding = decoder.Decode(sensing, Clean.Respond(sensing, odour, rng));
            var outcome = DecodingOutcome.Score(odour, decoding, 1e-6);
            Assert.Equal(0, outcome.TrueEliminated);                 // at θ = 0⁺ elimination never rules out an odorant present
            if (!outcome.Solvable) continue;
            solvable++;
            Assert.True(outcome.Success && outcome.Precision == 1 && outcome.Recall == 1, $"trial {t}: error {outcome.ConcentrationError}");
            Assert.True(outcome.ConcentrationError < 1e-6);
        }
        Assert.True(solvable > 30, $"only {solvable} solvable trials");
    }

    [Fact]
    public void RefusingAnUnderDeterminedSystemReportsNothingWhileSolvingItMayStillFindTheOdour()
    {
        var rng = new Random(5);
        int refusedReports = 0, solvedHits = 0, underdetermined = 0;
        for (int t = 0; t < 100; t++)
        {
            var sensing = SensingMatrix.Draw(new ReceptorRepertoire(2000, 12, 0.5), rng);
            var odour = Odour.Draw(2000, 1, 0.1, 10, rng);
            var outputs = Clean.Respond(sensing, odour, rng);
            var refused = Decoder(Clean).Decode(sensing, outputs);
            if (refused.Candidates.Length <= refused.ActiveReceptors) continue;
            underdetermined++;
            refusedReports += refused.Odorants.Length;
            var solved = Decoder(Clean, UnderdeterminedPolicy.Solve).Decode(sensing, outputs);
            solvedHits += DecodingOutcome.Score(odour, solved, 1e-6).Success ? 1 : 0;
        }
        Assert.True(underdetermined > 20);
        Assert.Equal(0, refusedReports);
        Assert.True(solvedHits > underdetermined / 2, $"{solvedHits} of {underdetermined}");   // non-negative sparse recovery
    }

    [Fact]
    public void TheGradedCriterionKeepsOdorantsTooWeakToHaveDrivenASilentReceptor()
    {
        var response = new ReceptorResponse(HalfActivation: 0.3, Threshold: 0.2);
        // One silent receptor binds odorant 0 strongly and odorant 1 so weakly that at c = 0.1 it stays below θ.
        var sensing = SensingMatrix.FromRows(2, [[0, 1]], [[10, 0.01]], [[1, 1]]);
        var silent = new double[] { 0 };
        Assert.Empty(Decoder(response).Candidates(sensing, silent));
        Assert.Equal([1], Decoder(response, criterion: EliminationCriterion.Graded).Candidates(sensing, silent));
    }

    [Fact]
    public void NoiseAndAThresholdCostAccuracyButTheDecoderStillRuns()
    {
        var rng = new Random(8);
        var noisy = Clean with { Threshold = 0.05, Noise = 0.01 };
        var decoder = Decoder(noisy, criterion: EliminationCriterion.Graded) with { Cutoff = 0.05 };
        var errors = new List<double>();
        for (int t = 0; t < 60; t++)
        {
            var sensing = SensingMatrix.Draw(new ReceptorRepertoire(200, 60, 0.25), rng);
            var odour = Odour.Draw(200, 2, 0.5, 10, rng);
            var outcome = DecodingOutcome.Score(odour, decoder.Decode(sensing, noisy.Respond(sensing, odour, rng)), 0.2);
            if (outcome.Solvable && outcome.TrueEliminated == 0) errors.Add(outcome.ConcentrationError);
        }
        Assert.True(errors.Count > 10);
        Assert.True(errors.Average() is > 1e-6 and < 0.5, $"mean error {errors.Average()}");
    }
}
