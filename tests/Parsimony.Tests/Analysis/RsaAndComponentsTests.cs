using Parsimony.Analysis;

namespace Parsimony.Tests.Analysis;

/// <summary>RSA regression, principal components and Welch's test against hand-computed values.</summary>
public class RsaAndComponentsTests
{
    static double[,] Rdm(double[] points) => Rsa.EuclideanRdm(points, 2);

    [Fact]
    public void EuclideanRdmHoldsThePairwiseDistances()
    {
        var d = Rdm([0, 0, 3, 4, 0, 1]);
        Assert.Equal(5, d[0, 1], 12);
        Assert.Equal(1, d[2, 0], 12);
        Assert.Equal(Math.Sqrt(18), d[1, 2], 12);
        Assert.Equal(0, d[1, 1]);
        Assert.Equal(new[] { 5, 1, Math.Sqrt(18) }, Rsa.LowerTriangle(d));
    }

    [Fact]
    public void RegressionRecoversTheWeightsOfAMixtureOfModels()
    {
        var rng = new Random(1);
        double[,] Random() => Rdm(Enumerable.Range(0, 20).Select(_ => rng.NextDouble()).ToArray());
        var (a, b) = (Random(), Random());
        var za = Rsa.ZScore(Rsa.LowerTriangle(a));
        var zb = Rsa.ZScore(Rsa.LowerTriangle(b));
        var mix = new double[10, 10];
        int k = 0;
        for (int i = 1; i < 10; i++) for (int j = 0; j < i; j++) { mix[i, j] = mix[j, i] = 5 + 2 * za[k] + 0.5 * zb[k]; k++; }
        var betas = Rsa.Regress(mix, [a, b]);
        double scale = Math.Sqrt(Rsa.LowerTriangle(mix).Select(v => v - 5).Sum(v => v * v) / 45);   // the data's own z-scoring
        Assert.Equal(2 / scale, betas[0], 9);
        Assert.Equal(0.5 / scale, betas[1], 9);
        Assert.Equal(new[] { 1.0 }, Rsa.Regress(a, [a]).Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void PointsOnALineHaveOneComponent()
    {
        double[] rows = [1, 2, 2, 4, 3, 6, 4, 8];
        var scores = PrincipalComponents.Scores(rows, 2, 2);
        var first = Enumerable.Range(0, 4).Select(i => scores[2 * i]).ToArray();
        Assert.Equal(new[] { -1.5, -0.5, 0.5, 1.5 }.Select(v => v * Math.Sqrt(5)), first, new Tolerance());   // loadings (1, 2)/√5, the largest positive
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(0, scores[2 * i + 1], 10));
        var scree = PrincipalComponents.Scree(PrincipalComponents.SingularValues(rows, 2));
        Assert.Equal(1, scree[0], 12);
        Assert.Equal(rows, PrincipalComponents.LowRank(rows, 2, 1), new Tolerance());
    }

    [Fact]
    public void WelchTestMatchesTheFormula()
    {
        double[] a = [1, 2, 3, 4], b = [2, 4, 6, 8, 10];
        var t = WelchTest.Of(a, b);
        double sa = (5.0 / 3) / 4, sb = 10.0 / 5;                       // sample variances 5/3 and 10 over n
        Assert.Equal((2.5 - 6) / Math.Sqrt(sa + sb), t.T, 12);
        Assert.Equal((sa + sb) * (sa + sb) / (sa * sa / 3 + sb * sb / 4), t.DegreesOfFreedom, 12);
        Assert.InRange(t.P, 0.01, 0.1);
        Assert.Equal(1, WelchTest.Of(a, a).P, 12);
    }

    sealed class Tolerance : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;
        public int GetHashCode(double obj) => 0;
    }
}
