namespace Parsimony.Analysis.Graph;

/// <summary>A partition of a graph's nodes and its modularity.</summary>
/// <param name="Q">Newman's modularity of the partition.</param>
/// <param name="Communities">The community of each node, numbered from 0.</param>
public sealed record Partition(double Q, int[] Communities)
{
    /// <summary>Number of communities.</summary>
    public int Count => Communities.Length == 0 ? 0 : Communities.Max() + 1;
}

/// <summary>Newman modularity of undirected graphs and its maximisation by Louvain (Blondel et al. 2008).</summary>
public static class Modularity
{
    /// <summary>
    /// Q = (1/2m) Σ_ij [A_ij − γ k_i k_j / 2m] δ(c_i, c_j) of <paramref name="communities"/> on the symmetric
    /// non-negative <paramref name="a"/> (binary or weighted; 2m = Σ_ij A_ij). An edgeless graph has Q = 0 by definition here.
    /// </summary>
    public static double Of(double[,] a, IReadOnlyList<int> communities, double gamma = 1)
    {
        int n = a.GetLength(0);
        var k = Strengths(a);
        double m2 = k.Sum();
        if (m2 == 0) return 0;
        double q = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (communities[i] == communities[j]) q += a[i, j] - gamma * k[i] * k[j] / m2;
        return q / m2;
    }

    /// <summary>A binary graph as a 0/1 matrix.</summary>
    public static double[,] Weights(bool[,] a)
    {
        int n = a.GetLength(0);
        var w = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) w[i, j] = a[i, j] ? 1 : 0;
        return w;
    }

    /// <summary>
    /// The best of <paramref name="restarts"/> Louvain runs (each visiting nodes in its own random order drawn from
    /// <paramref name="seed"/>): Q is stochastic, the paper's protocol keeps the maximum. Deterministic in the seed.
    /// </summary>
    public static Partition Best(double[,] a, int restarts, int seed, double gamma = 1)
    {
        Rules.Positive(restarts, "Restarts");
        var rng = new Random(seed);
        Partition? best = null;
        for (int r = 0; r < restarts; r++)
        {
            var p = Louvain(a, rng, gamma);
            if (best is null || p.Q > best.Q + 1e-12) best = p;
        }
        return best!;
    }

    /// <summary>
    /// One Louvain run: local moves of single nodes to the neighbouring community of largest modularity gain until none
    /// improves, then the communities become nodes of an aggregated graph, repeated until no level merges anything.
    /// </summary>
    public static Partition Louvain(double[,] a, Random rng, double gamma = 1)
    {
        int n = a.GetLength(0);
        var membership = Enumerable.Range(0, n).ToArray();
        var w = (double[,])a.Clone();
        while (true)
        {
            var level = LocalMoves(w, rng, gamma);
            int count = level.Max() + 1;
            for (int i = 0; i < n; i++) membership[i] = level[membership[i]];
            if (count == w.GetLength(0)) break;
            var next = new double[count, count];
            for (int i = 0; i < level.Length; i++)
                for (int j = 0; j < level.Length; j++) next[level[i], level[j]] += w[i, j];
            w = next;
        }
        return new Partition(Of(a, membership, gamma), membership);
    }

    /// <summary>The move phase on one level; communities renumbered from 0 in order of first appearance.</summary>
    static int[] LocalMoves(double[,] w, Random rng, double gamma)
    {
        int n = w.GetLength(0);
        var k = Strengths(w);
        double m2 = k.Sum();
        var community = Enumerable.Range(0, n).ToArray();
        if (m2 == 0) return community;
        var total = (double[])k.Clone();
        var toCommunity = new double[n];
        var touched = new List<int>();
        bool moved = true;
        while (moved)
        {
            moved = false;
            var order = Enumerable.Range(0, n).ToArray();
            rng.Shuffle(order);
            foreach (int i in order)
            {
                int own = community[i];
                touched.Clear();
                for (int j = 0; j < n; j++)
                {
                    if (j == i || w[i, j] == 0) continue;
                    int c = community[j];
                    if (toCommunity[c] == 0) touched.Add(c);
                    toCommunity[c] += w[i, j];
                }
                total[own] -= k[i];
                int best = own;
                double bestGain = toCommunity[own] - gamma * total[own] * k[i] / m2;
                foreach (int c in touched)
                {
                    double gain = toCommunity[c] - gamma * total[c] * k[i] / m2;
                    if (gain > bestGain + 1e-12) { best = c; bestGain = gain; }
                }
                total[best] += k[i];
                community[i] = best;
                if (best != own) moved = true;
                foreach (int c in touched) toCommunity[c] = 0;
                toCommunity[own] = 0;
            }
        }
        var renumber = new Dictionary<int, int>();
        return community.Select(c => renumber.TryGetValue(c, out int r) ? r : renumber[c] = renumber.Count).ToArray();
    }

    static double[] Strengths(double[,] a)
    {
        int n = a.GetLength(0);
        var k = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) k[i] += a[i, j];
        return k;
    }
}
