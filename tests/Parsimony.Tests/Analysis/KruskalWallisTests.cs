using CsCheck;
using Parsimony.Analysis;

namespace Parsimony.Tests.Analysis;

/// <summary>
/// The Kruskal–Wallis test against hand-computed statistics and closed-form χ² tails (the reference p-values were
/// computed with python3's math module: erfc for 1 degree of freedom, exp(−x/2)·Σ for even and odd degrees).
/// </summary>
public class KruskalWallisTests
{
    static KruskalWallis Test(params double[][] groups) => KruskalWallis.Of(groups);

    [Fact]
    public void TwoGroupsWithoutTiesMatchTheHandComputation()
    {
        // ranks 1,3,5,7,9 and 2,4,6,8,10: H = 12/110 · (25²/5 + 30²/5) − 33 = 3/11; p = erfc(√(H/2)) (scipy.stats.kruskal's docs: 0.2727…, 0.6015…)
        var kw = Test([1, 3, 5, 7, 9], [2, 4, 6, 8, 10]);
        Assert.Equal(3.0 / 11, kw.H, 12);
        Assert.Equal(1, kw.DegreesOfFreedom);
        Assert.Equal(0.6015081344405895, kw.P, 12);
    }

    [Fact]
    public void TiesAreCorrected()
    {
        // mid-ranks 2 (×3) and 6 (×5): uncorrected H = 32 − 27 = 5, C = 1 − (24 + 120)/504, H = 7; p = exp(−7/2) for 2 degrees of freedom
        var kw = Test([1, 1, 1], [2, 2, 2], [2, 2]);
        Assert.Equal(7, kw.H, 12);
        Assert.Equal(2, kw.DegreesOfFreedom);
        Assert.Equal(0.0301973834223185, kw.P, 14);
    }

    [Fact]
    public void PerfectlySeparatedGroupsReachTheMaximum()
    {
        // H_max = (N³ − Σ n³) / (N(N + 1)): eight groups of 30 give 235.27 (the authors' H = 235.3 for the input-weight norms), p ≈ 3.77e−47
        var eight = Enumerable.Range(0, 8).Select(g => Enumerable.Range(0, 30).Select(i => g * 100.0 + i).ToArray()).ToArray();
        var kw = Test(eight);
        Assert.Equal(235.26970954356847, kw.H, 9);
        Assert.Equal(7, kw.DegreesOfFreedom);
        Assert.Equal(3.7656873348590536e-47, kw.P, 3.7656873348590536e-47 * 1e-9);
        // five groups of two: H = 8.7273, p = exp(−H/2)(1 + H/2) for 4 degrees of freedom
        var five = Test([1, 2], [3, 4], [5, 6], [7, 8], [9, 10]);
        Assert.Equal(96.0 / 11, five.H, 12);
        Assert.Equal(0.06828984590243158, five.P, 13);
    }

    [Fact]
    public void EqualValuesGiveNaNAndBadInputIsRefused()
    {
        Assert.True(double.IsNaN(Test([2, 2], [2]).H));
        Assert.Throws<OptionException>(() => Test([1, 2]));
        Assert.Throws<OptionException>(() => Test([1, 2], []));
        Assert.Throws<OptionException>(() => Test([1, double.NaN], [3]));
    }

    [Fact]
    public void TheStatisticDependsOnlyOnRanks()
    {
        Gen.Int[2, 5].SelectMany(k => Gen.Int[0, 6].Array[k].Array[k])
            .Sample(groups =>
            {
                var values = groups.Where(g => g.Length > 0).Select(g => g.Select(v => (double)v).ToArray()).ToArray();
                if (values.Length < 2) return true;
                var kw = KruskalWallis.Of(values);
                var monotone = KruskalWallis.Of(values.Select(g => g.Select(v => Math.Exp(v) - 3).ToArray()).ToArray());
                var reversed = KruskalWallis.Of(values.Reverse().ToArray());
                return double.IsNaN(kw.H) ? double.IsNaN(monotone.H)
                    : kw.H >= -1e-9 && Math.Abs(kw.H - monotone.H) < 1e-9 && Math.Abs(kw.H - reversed.H) < 1e-9 && kw.P is >= 0 and <= 1;
            }, iter: 300);
    }
}
