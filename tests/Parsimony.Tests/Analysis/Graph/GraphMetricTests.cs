using Parsimony.Analysis.Graph;

namespace Parsimony.Tests.Analysis.Graph;

/// <summary>
/// The graph measures on textbook graphs (closed forms, spec check A8) and on fixed graphs against networkx 3.6.1
/// (values computed once offline with <c>average_clustering</c>, <c>average_shortest_path_length</c>,
/// <c>global_efficiency</c>, <c>local_efficiency</c>, <c>community.modularity</c> and the best of 50–100 seeded
/// <c>louvain_communities</c>; the tests do not need Python).
/// </summary>
public class GraphMetricTests
{
    static bool[,] FromEdges(int n, IEnumerable<(int, int)> edges)
    {
        var a = new bool[n, n];
        foreach (var (i, j) in edges) a[i, j] = a[j, i] = true;
        return a;
    }

    /// <summary>Ring lattice: n nodes, each linked to the k/2 nearest on either side.</summary>
    static bool[,] Ring(int n, int k) => FromEdges(n, Enumerable.Range(0, n).SelectMany(i => Enumerable.Range(1, k / 2).Select(d => (i, (i + d) % n))));

    static bool[,] Cliques(int size) => FromEdges(2 * size,
        Enumerable.Range(0, 2).SelectMany(c => Enumerable.Range(0, size).SelectMany(i => Enumerable.Range(i + 1, size - i - 1)
            .Select(j => (c * size + i, c * size + j)))).Append((size - 1, size)));

    static bool[,] Formula() => FromEdges(20, Enumerable.Range(0, 20).SelectMany(i => Enumerable.Range(i + 1, 19 - i)
        .Where(j => (i * 7 + j * 13 + i * j) % 5 == 0 || j == i + 1).Select(j => (i, j))));

    static readonly (int, int)[] KarateEdges =
    [
        (0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (0, 6), (0, 7), (0, 8), (0, 10), (0, 11), (0, 12), (0, 13), (0, 17), (0, 19), (0, 21), (0, 31),
        (1, 2), (1, 3), (1, 7), (1, 13), (1, 17), (1, 19), (1, 21), (1, 30), (2, 3), (2, 7), (2, 8), (2, 9), (2, 13), (2, 27), (2, 28), (2, 32),
        (3, 7), (3, 12), (3, 13), (4, 6), (4, 10), (5, 6), (5, 10), (5, 16), (6, 16), (8, 30), (8, 32), (8, 33), (9, 33), (13, 33), (14, 32),
        (14, 33), (15, 32), (15, 33), (18, 32), (18, 33), (19, 33), (20, 32), (20, 33), (22, 32), (22, 33), (23, 25), (23, 27), (23, 29),
        (23, 32), (23, 33), (24, 25), (24, 27), (24, 31), (25, 31), (26, 29), (26, 33), (27, 33), (28, 31), (28, 33), (29, 32), (29, 33),
        (30, 32), (30, 33), (31, 32), (31, 33), (32, 33),
    ];

    [Fact]
    public void ARingLatticeHasTheTextbookClusteringPathLengthAndEfficiency()
    {
        var ring = Ring(10, 4);
        Assert.All(Clustering.Coefficients(ring), c => Assert.Equal(3.0 * (4 - 2) / (4 * (4 - 1)), c, 12));   // 3(k−2)/(4(k−1)) = 0.5
        Assert.Equal(15.0 / 9, Paths.CharacteristicPathLength(ring), 12);                                    // offsets ±1,±2 → 1; ±3,±4 → 2; 5 → 3
        Assert.Equal((4 + 4 * 0.5 + 1.0 / 3) / 9, Paths.GlobalEfficiency(ring), 12);
        var nulls = SmallWorldness.Of(ring, 50, 3);
        Assert.True(nulls.Sigma > 1, $"a lattice is clustered beyond random: σ = {nulls.Sigma}");
    }

    [Fact]
    public void TwoCliquesJoinedByAnEdgeSplitIntoThemWithTheClosedFormQ()
    {
        var g = Cliques(5);                       // m = 21 edges; each side: 10 internal edges, degree sum 21
        double expected = 2 * (10.0 / 21 - Math.Pow(21.0 / 42, 2));
        var best = Modularity.Best(Modularity.Weights(g), 10, 1);
        Assert.Equal(expected, best.Q, 12);
        Assert.Equal(2, best.Count);
        Assert.Equal(expected, Modularity.Of(Modularity.Weights(g), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]), 12);
        var m = Paths.MatchingIndex(g);
        Assert.Equal(1, m[0, 1], 12);             // two inner members share their three other neighbours
        Assert.Equal(0, m[0, 9], 12);             // nothing shared across the cliques
        Assert.Equal(2.0 * 3 / (3 + 4), m[3, 4], 12);   // node 4 (the bridge end) has one more neighbour, node 5
    }

    [Fact]
    public void CompleteAndStarGraphsHaveTheirClosedForms()
    {
        var complete = FromEdges(6, Enumerable.Range(0, 6).SelectMany(i => Enumerable.Range(i + 1, 5 - i).Select(j => (i, j))));
        Assert.Equal(1, Clustering.Mean(complete), 12);
        Assert.Equal(1, Paths.CharacteristicPathLength(complete), 12);
        Assert.Equal(1, Paths.GlobalEfficiency(complete), 12);
        Assert.Equal(1, Paths.LocalEfficiency(complete), 12);
        Assert.Equal(0, Modularity.Of(Modularity.Weights(complete), [0, 0, 0, 0, 0, 0]), 12);
        var star = FromEdges(5, Enumerable.Range(1, 4).Select(i => (0, i)));
        Assert.Equal(0, Clustering.Mean(star), 12);
        Assert.Equal((8 * 1 + 12 * 2) / 20.0, Paths.CharacteristicPathLength(star), 12);
        Assert.Equal(0, Paths.LocalEfficiency(star), 12);
    }

    [Fact]
    public void AFixedGraphMatchesNetworkx()
    {
        var g = Formula();
        Assert.Equal(43, Thresholding.EdgeCount(g));
        Assert.Equal(0.115000000000000, Clustering.Mean(g), 12);
        Assert.Equal(2.063157894736842, Paths.CharacteristicPathLength(g), 12);
        Assert.Equal(0.565350877192983, Paths.GlobalEfficiency(g), 12);
        Assert.Equal(0.115000000000000, Paths.LocalEfficiency(g), 12);
        Assert.Equal(0.104651162790698, Modularity.Of(Modularity.Weights(g), Enumerable.Range(0, 20).Select(i => i / 10).ToArray()), 12);
        int[] networkxBest = new int[20];                                                        // networkx's best of 50 Louvain seeds
        foreach (var (c, members) in new[] { new[] { 0, 10, 5, 15 }, [1, 2, 6, 7, 12], [16, 17, 18, 4, 11], [19, 3, 8, 9, 13, 14] }.Select((m, c) => (c, m)))
            foreach (int i in members) networkxBest[i] = c;
        Assert.Equal(0.303677663601947, Modularity.Of(Modularity.Weights(g), networkxBest), 12);
        double ours = Modularity.Best(Modularity.Weights(g), 50, 1).Q;
        Assert.True(ours >= 0.2786, $"best of 50 Louvain restarts: Q = {ours} (networkx over 50 seeds: median 0.2786, best 0.3037)");
    }

    [Fact]
    public void ZacharysKarateClubMatchesNetworkxAndTheKnownMaximumModularity()
    {
        var g = FromEdges(34, KarateEdges);
        Assert.Equal(0.570638478207682, Clustering.Mean(g), 12);
        Assert.Equal(2.408199643493761, Paths.CharacteristicPathLength(g), 12);
        Assert.Equal(0.492008318478905, Paths.GlobalEfficiency(g), 12);
        Assert.Equal(0.645126510200040, Paths.LocalEfficiency(g), 12);
        var best = Modularity.Best(Modularity.Weights(g), 20, 1);
        Assert.Equal(0.419789612097304, best.Q, 3);        // networkx's best of 100 Louvain seeds (the proven optimum is 0.4198)
        Assert.Equal(best.Q, Modularity.Of(Modularity.Weights(g), best.Communities), 12);
    }

    [Fact]
    public void IsolatedNodesAndEmptyGraphsGiveDefinedValues()
    {
        var h = FromEdges(8, [(0, 1), (1, 2), (2, 0), (3, 4)]);           // a triangle, an edge, three isolated nodes
        Assert.Equal(0.375, Clustering.Mean(h), 12);                       // networkx
        Assert.Equal(0.142857142857143, Paths.GlobalEfficiency(h), 12);
        Assert.Equal(0.375, Paths.LocalEfficiency(h), 12);
        Assert.Equal(1, Paths.CharacteristicPathLength(h), 12);            // unreachable pairs left out (BCT charpath)
        var empty = new bool[5, 5];
        Assert.True(double.IsNaN(Paths.CharacteristicPathLength(empty)));
        Assert.Equal(0, Paths.GlobalEfficiency(empty));
        Assert.Equal(0, Modularity.Best(Modularity.Weights(empty), 3, 1).Q);
        Assert.True(double.IsNaN(SmallWorldness.Of(empty, 5, 1).Sigma));
        Assert.Equal(0, Thresholding.EdgeCount(Thresholding.Undirected(new double[4, 4], 0.1)));
    }

    [Fact]
    public void ProportionalThresholdingKeepsTheStrongestShareAndTheUnionOfDirections()
    {
        var w = new double[,] { { 0, -5, 1 }, { 0.5, 0, 0 }, { 4, 0, 0 } };
        var a = Thresholding.Proportional(w, 2 / 9.0);                    // two of nine entries: |−5| and 4
        Assert.True(a[0, 1] && a[2, 0]);
        Assert.Equal(2, a.Cast<bool>().Count(x => x));
        var s = Thresholding.Symmetrise(a);
        Assert.True(s[1, 0] && s[0, 2]);
        Assert.Equal(2, Thresholding.EdgeCount(s));
        Assert.Throws<OptionException>(() => Thresholding.Proportional(w, 0));
    }

    [Fact]
    public void RandomNullGraphsHaveExactlyTheRequestedEdges()
    {
        var rng = new Random(5);
        foreach (int m in new[] { 0, 1, 37, 45 })
        {
            var g = RandomGraphs.WithEdges(10, m, rng);
            Assert.Equal(m, Thresholding.EdgeCount(g));
            for (int i = 0; i < 10; i++) { Assert.False(g[i, i]); for (int j = 0; j < 10; j++) Assert.Equal(g[i, j], g[j, i]); }
        }
        Assert.Throws<OptionException>(() => RandomGraphs.WithEdges(10, 46, rng));
        var er = RandomGraphs.WithEdges(60, 300, new Random(2));
        Assert.InRange(SmallWorldness.Of(er, 40, 9).Sigma, 0.8, 1.25);      // a random graph is not small-world beyond its null
    }
}
