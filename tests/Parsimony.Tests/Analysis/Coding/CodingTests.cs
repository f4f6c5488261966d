using Parsimony.Analysis;
using Parsimony.Analysis.Coding;

namespace Parsimony.Tests.Analysis.Coding;

/// <summary>Explained variance, the spatial permutation test and the group comparison against closed forms.</summary>
public class CodingTests
{
    [Fact]
    public void EtaSquaredIsTheShareOfVarianceBetweenGroups()
    {
        Assert.Equal(1, ExplainedVariance.EtaSquared([0, 0, 1, 1], [0, 0, 1, 1], 2), 12);
        Assert.Equal(0, ExplainedVariance.EtaSquared([0, 1, 0, 1], [0, 0, 1, 1], 2), 12);
        // groups {1, 3} and {2, 6}: grand mean 3, SS_total = 4 + 0 + 1 + 9 = 14, SS_between = 2·1 + 2·1 = 4
        Assert.Equal(4.0 / 14, ExplainedVariance.EtaSquared([1, 3, 2, 6], [0, 0, 1, 1], 2), 12);
        Assert.Equal(0, ExplainedVariance.EtaSquared([2, 2, 2, 2], [0, 0, 1, 1], 2));                  // a silent unit explains nothing
    }

    [Fact]
    public void PerUnitEvFollowsTheWindowThatCarriesTheVariable()
    {
        // unit 0 carries the group in steps 0–4 only, unit 1 in steps 5–9 only
        int[] groups = [0, 1, 0, 1, 0, 1];
        var activity = groups.Select((g, r) => Enumerable.Range(0, 10).Select(t => new[] { t < 5 ? g + 0.01 * r : 0.3 * (r % 3), t >= 5 ? g : 0.0 }).ToArray()).ToArray();
        var ev = ExplainedVariance.PerUnit(activity, groups, 5);
        Assert.Equal(2, ev.Length);
        Assert.True(ev[0][0] > 0.9 && ev[1][0] < 0.5, $"{ev[0][0]}, {ev[1][0]}");
        Assert.Equal(0, ev[0][1]);
        Assert.Equal(1, ev[1][1], 12);
    }

    [Fact]
    public void ThePermutationTestIsUniformOnShuffledCoordinates()
    {
        var rng = new Random(1);
        var ps = new List<double>();
        for (int rep = 0; rep < 200; rep++)
        {
            var coords = Enumerable.Range(0, 30).Select(_ => new[] { rng.NextDouble(), rng.NextDouble(), rng.NextDouble() }).ToArray();
            var d = Parsimony.Geometry.Grid3D.DistanceMatrix(coords);
            var goal = Enumerable.Range(0, 30).Select(_ => rng.NextDouble()).ToArray();
            var choice = Enumerable.Range(0, 30).Select(_ => rng.NextDouble()).ToArray();
            var r = Selectivity.SpatialClustering(goal, choice, d, true, 200, rep);
            if (double.IsFinite(r.P)) ps.Add(r.P);
        }
        Assert.InRange(ps.Average(), 0.42, 0.58);
        Assert.InRange(ps.Count(p => p < 0.1) / (double)ps.Count, 0.04, 0.17);
        // clustered: goal-preferring units all in one corner
        var line = Enumerable.Range(0, 30).Select(i => new[] { (double)i, 0, 0 }).ToArray();
        var near = Selectivity.SpatialClustering(Enumerable.Range(0, 30).Select(i => i < 8 ? 1.0 : 0).ToArray(),
            Enumerable.Range(0, 30).Select(i => i < 8 ? 0 : 1.0).ToArray(), Parsimony.Geometry.Grid3D.DistanceMatrix(line), true, 500, 1);
        Assert.Equal(8, near.Units);
        Assert.True(near.P < 0.01, $"p = {near.P}");
    }

    [Fact]
    public void WelchsTestAndCohensDHaveTheirClosedForms()
    {
        double[] a = [1, 2, 3, 4], b = [2, 3, 4, 5, 6];
        var c = GroupComparison.Of(a, b);
        // means 2.5 and 4; variances 5/3 and 2.5; se² = 5/12 + 1/2 = 11/12
        Assert.Equal(-1.5 / Math.Sqrt(11.0 / 12), c.T, 12);
        double df = Math.Pow(11.0 / 12, 2) / (Math.Pow(5.0 / 12, 2) / 3 + Math.Pow(0.5, 2) / 4);
        Assert.Equal(df, c.DegreesOfFreedom, 12);
        Assert.Equal(-1.5 / Math.Sqrt((3 * 5.0 / 3 + 4 * 2.5) / 7), c.CohensD, 12);
        Assert.InRange(c.P, 0.05, 0.2);
        var none = GroupComparison.Of([], b);
        Assert.True(double.IsNaN(none.T) && none.CountA == 0);
    }
}
