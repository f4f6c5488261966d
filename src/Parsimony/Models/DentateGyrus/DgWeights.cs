namespace Parsimony.Models.DentateGyrus;

/// <summary>
/// The weights of one network instance (spec §B.3): one pre × post matrix per projection, row-major by presynaptic
/// unit, all entries ≥ 0. Each projection draws from its own generator seeded by (seed, projection name), so removing
/// a projection (an ablation) leaves every other projection's weights exactly as they were.
/// </summary>
public sealed class DgWeights
{
    /// <summary>The matrices, in the order of <see cref="DgNetwork.Projections"/>: entry [j · n_post + k] is pre j → post k.</summary>
    public IReadOnlyList<double[]> Matrices { get; }

    DgWeights(IReadOnlyList<double[]> matrices) => Matrices = matrices;

    /// <summary>Draws the weights of <paramref name="network"/> for weight seed <paramref name="seed"/>.</summary>
    public static DgWeights Sample(DgNetwork network, int seed) =>
        new(network.Projections.Select(j => Sample(j, network.SizeOf(j.Pre), network.SizeOf(j.Post), seed)).ToList());

    static double[] Sample(DgProjection projection, int pre, int post, int seed)
    {
        var rng = new Random(StreamSeed(seed, projection.Key));
        var w = new double[pre * post];
        switch (projection.Distribution)
        {
            case WeightDistribution.Uniform:
                for (int i = 0; i < w.Length; i++) w[i] = 2 * projection.Mean * rng.NextDouble();
                break;
            case WeightDistribution.LogNormal:
                for (int i = 0; i < w.Length; i++) w[i] = Math.Exp(StandardNormal(rng));
                double scale = projection.Mean / w.Average();
                for (int i = 0; i < w.Length; i++) w[i] *= scale;
                break;
        }
        if (projection.Pre == projection.Post)
            for (int i = 0; i < pre; i++) w[i * post + i] = 0;   // no self-connections (after the rescaling, as the spec orders it)
        return w;
    }

    /// <summary>A standard normal draw (Box–Muller on two uniforms, the first in (0, 1]).</summary>
    static double StandardNormal(Random rng)
    {
        double u = 1 - rng.NextDouble(), v = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    /// <summary>A generator seed from the weight seed and the projection's name (FNV-1a, stable across runs and platforms).</summary>
    static int StreamSeed(int seed, string key)
    {
        uint h = 2166136261;
        foreach (char c in $"{seed}|{key}") h = (h ^ c) * 16777619;
        return (int)(h & 0x7fffffff);
    }
}
