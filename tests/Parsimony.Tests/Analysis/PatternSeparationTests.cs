using CsCheck;
using Parsimony.Analysis;

namespace Parsimony.Tests.Analysis;

/// <summary>The pattern-separation measures (spec neuro_models.md §B.5) on hand-computed cases, and check B6.</summary>
public class PatternSeparationTests
{
    static readonly double[][] Small = [[0, 0, 0], [1, 0, 0], [1, 1, 0]];

    [Fact]
    public void CountsSimilarityAndFractionsMatchAHandComputedCase()
    {
        var m = new PatternSeparation(Small);
        Assert.Equal([0, 1, 2], m.ActivePerPattern);
        Assert.Equal([2, 1, 0], m.PatternsPerUnit);
        Assert.True(double.IsNaN(m.Similarity[0, 1]) && double.IsNaN(m.Similarity[2, 0]) && double.IsNaN(m.Similarity[0, 0]));
        Assert.Equal(1 / Math.Sqrt(2), m.Similarity[2, 1], 12);
        Assert.Equal(1, m.Similarity[1, 1], 12);
        Assert.Equal(1 / Math.Sqrt(2), m.MeanSimilarity, 12);   // the pairs with the silent pattern are left out
        Assert.Equal(2.0 / 3, m.FractionActivePatterns, 12);
        Assert.Equal(2.0 / 3, m.FractionActiveUnits, 12);
        Assert.Equal(1, m.MeanSparsity, 12);
        Assert.Equal(1, m.MeanSelectivity, 12);
    }

    [Fact]
    public void TheObjectivesCountSilentPatternsAsSimilarityOne()
    {
        var o = new PatternSeparation(Small).Objectives();
        Assert.Equal(100 * (1 + 0 + 1), o.Sparsity, 9);                       // ((1 − n)/0.1)² for n = 0, 1, 2
        Assert.Equal(100 * (1 + 1 + 0.5), o.Discriminability, 9);             // two silent pairs count 1, cos² = 1/2
        Assert.Equal(100 * (1 + 0 + 1), o.Selectivity, 9);
        Assert.Equal(Math.Pow((1 / 3.0) / 0.001, 2), o.FractionActivePatterns, 6);
        Assert.Equal(Math.Pow((1 / 3.0) / 0.001, 2), o.FractionActiveUnits, 6);
        Assert.Equal(o.Sparsity + o.Discriminability + o.Selectivity + o.FractionActivePatterns + o.FractionActiveUnits, o.Total, 9);
    }

    [Fact]
    public void MeanSparsityEqualsMeanSelectivityExactlyForSquareResponses()   // check B6
    {
        Gen.Int[1, 20].SelectMany(n => Gen.Double[0, 1].Array[n].Array[n])
            .Sample(rows =>
            {
                var sparse = rows.Select(r => r.Select(v => v < 0.6 ? 0 : v).ToArray()).ToArray();
                var m = new PatternSeparation(sparse);
                return m.MeanSparsity == m.MeanSelectivity;
            }, iter: 300);
    }

    [Fact]
    public void KolmogorovSmirnovIsZeroForEqualSamplesOneForDisjointOnesAndMatchesAHandCase()
    {
        Assert.Equal(0, PatternSeparation.KolmogorovSmirnov([1, 2, 3], [3, 2, 1]).D);
        Assert.Equal(1, PatternSeparation.KolmogorovSmirnov([1, 2, 3], [4, 5]).D);
        Assert.Equal(0.5, PatternSeparation.KolmogorovSmirnov([1, 2, 3, 4], [3, 4, 5, 6]).D, 12);
        var (_, p) = PatternSeparation.KolmogorovSmirnov(Enumerable.Range(0, 200).Select(i => (double)i).ToArray(),
                                                         Enumerable.Range(100, 200).Select(i => (double)i).ToArray());
        Assert.True(p < 1e-6);
    }
}
