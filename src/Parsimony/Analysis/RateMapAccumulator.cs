namespace Parsimony.Analysis;

/// <summary>
/// Sums activity per stimulus bin — the one rate-map builder of recordings (spike counts weighted by sample duration:
/// rate = Σ count / Σ seconds) and of model activity (unit activity with weight 1: mean activity per visited bin).
/// </summary>
public sealed class RateMapAccumulator
{
    /// <summary>Prepares sums of <paramref name="units"/> units over <paramref name="bins"/> bins.</summary>
    public RateMapAccumulator(int units, int bins)
    {
        Sums = new double[units][];
        for (int u = 0; u < units; u++) Sums[u] = new double[bins];
        Weights = new double[bins];
    }

    /// <summary>Σ activity per unit and bin, [unit][bin].</summary>
    public double[][] Sums { get; }

    /// <summary>Σ weight per bin (seconds of occupancy, or visits).</summary>
    public double[] Weights { get; }

    /// <summary>Adds one sample: <paramref name="activity"/> of every unit in bin <paramref name="bin"/> (ignored when negative).</summary>
    public void Add(int bin, ReadOnlySpan<double> activity, double weight = 1)
    {
        if (bin < 0) return;
        Weights[bin] += weight;
        for (int u = 0; u < Sums.Length; u++) Sums[u][bin] += activity[u];
    }

    /// <summary>Σ activity / Σ weight per unit and bin, 0 in bins never visited.</summary>
    public double[][] Means() => Sums.Select(sum => sum.Select((v, b) => Weights[b] > 0 ? v / Weights[b] : 0).ToArray()).ToArray();
}
