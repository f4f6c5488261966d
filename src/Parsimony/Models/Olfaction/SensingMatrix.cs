namespace Parsimony.Models.Olfaction;

/// <summary>
/// How a random receptor repertoire is drawn (spec neuro_models.md §C.1): each of <paramref name="Receptors"/> receptor
/// types binds each of <paramref name="Odorants"/> odorants independently with probability <paramref name="Breadth"/> (s);
/// where it binds, the affinity 1/κ is log-normal with median 1 and log-s.d. <paramref name="AffinitySpread"/> and the
/// efficacy η is uniform on [<paramref name="EfficacyMin"/>, 1]. The talk leaves both distributions open; these are
/// the spec's suggestions ("broad, e.g. log-normal"; η ∈ [0, 1]).
/// </summary>
/// <param name="Odorants">N, the odorant repertoire.</param>
/// <param name="Receptors">M, the receptor types.</param>
/// <param name="Breadth">s ∈ (0, 1], the probability that a receptor binds an odorant (the response breadth).</param>
/// <param name="AffinitySpread">σ of ln(1/κ) (0: every affinity is 1).</param>
/// <param name="EfficacyMin">Lower end of the uniform efficacy, in [0, 1).</param>
public sealed record ReceptorRepertoire(int Odorants, int Receptors, double Breadth, double AffinitySpread = 1, double EfficacyMin = 0)
{
    /// <summary>Throws an <see cref="OptionException"/> naming the first parameter out of range.</summary>
    public void Validate()
    {
        Rules.Positive(Odorants, nameof(Odorants));
        Rules.Positive(Receptors, nameof(Receptors));
        Rules.Require(Breadth is > 0 and <= 1, nameof(Breadth), $"must be in (0, 1] (got {Rules.Show(Breadth)}).");
        Rules.NonNegative(AffinitySpread, nameof(AffinitySpread));
        Rules.Share(EfficacyMin, nameof(EfficacyMin));
    }
}

/// <summary>
/// A drawn receptor repertoire: for each receptor, the odorants it binds (ascending), their affinities w = 1/κ and
/// their efficacies η. Stored by receptor (rows) because the forward model and the elimination walk receptors.
/// </summary>
public sealed class SensingMatrix
{
    readonly int[][] odorants;
    readonly double[][] affinities, efficacies;

    SensingMatrix(int n, int[][] odorants, double[][] affinities, double[][] efficacies)
    {
        Odorants = n;
        this.odorants = odorants;
        this.affinities = affinities;
        this.efficacies = efficacies;
    }

    /// <summary>N, the odorant repertoire.</summary>
    public int Odorants { get; }

    /// <summary>M, the receptor types.</summary>
    public int Receptors => odorants.Length;

    /// <summary>The odorants receptor <paramref name="a"/> binds, ascending.</summary>
    public ReadOnlySpan<int> Bound(int a) => odorants[a];

    /// <summary>The affinities 1/κ of receptor <paramref name="a"/>, aligned with <see cref="Bound"/>.</summary>
    public ReadOnlySpan<double> Affinities(int a) => affinities[a];

    /// <summary>The efficacies η of receptor <paramref name="a"/>, aligned with <see cref="Bound"/>.</summary>
    public ReadOnlySpan<double> Efficacies(int a) => efficacies[a];

    /// <summary>The entry of receptor <paramref name="a"/> for odorant <paramref name="i"/>: its position in the row, or a negative number when a does not bind i.</summary>
    public int Find(int a, int i) => Array.BinarySearch(odorants[a], i);

    /// <summary>A matrix from explicit rows (tests, hand-made examples); each row's odorants must ascend.</summary>
    public static SensingMatrix FromRows(int odorants, int[][] bound, double[][] affinities, double[][] efficacies)
    {
        for (int a = 0; a < bound.Length; a++)
            if (bound[a].Length != affinities[a].Length || bound[a].Length != efficacies[a].Length || bound[a].Zip(bound[a].Skip(1)).Any(p => p.First >= p.Second)
                || bound[a].Any(i => i < 0 || i >= odorants))
                throw new ArgumentException($"Row {a} must list ascending odorants in [0, {odorants}) with one affinity and one efficacy each.");
        return new SensingMatrix(odorants, bound, affinities, efficacies);
    }

    /// <summary>
    /// Draws a repertoire from <paramref name="rng"/>: row by row, the gaps between bound odorants are geometric with
    /// parameter s (the same law as one Bernoulli(s) per pair, at a cost proportional to the bound pairs).
    /// </summary>
    public static SensingMatrix Draw(ReceptorRepertoire repertoire, Random rng)
    {
        repertoire.Validate();
        int n = repertoire.Odorants, m = repertoire.Receptors;
        double s = repertoire.Breadth, logMiss = Math.Log(1 - s);
        var bound = new int[m][];
        var w = new double[m][];
        var eta = new double[m][];
        var row = new List<int>();
        for (int a = 0; a < m; a++)
        {
            row.Clear();
            double i = -1;
            while (true)
            {
                i += 1 + (s >= 1 ? 0 : Math.Floor(Math.Log(1 - rng.NextDouble()) / logMiss));
                if (i >= n) break;
                row.Add((int)i);
            }
            bound[a] = row.ToArray();
            w[a] = new double[row.Count];
            eta[a] = new double[row.Count];
            for (int k = 0; k < row.Count; k++)
            {
                w[a][k] = Math.Exp(repertoire.AffinitySpread * Gaussian(rng));
                eta[a][k] = repertoire.EfficacyMin + (1 - repertoire.EfficacyMin) * rng.NextDouble();
            }
        }
        return new SensingMatrix(n, bound, w, eta);
    }

    /// <summary>A standard normal draw (Box–Muller, one of the pair).</summary>
    internal static double Gaussian(Random rng)
    {
        double u = 1 - rng.NextDouble(), v = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
