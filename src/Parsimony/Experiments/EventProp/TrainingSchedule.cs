using Parsimony.Spiking;

namespace Parsimony.Experiments.EventProp;

/// <summary>
/// What both spiking trainers (EventProp and the surrogate baseline) draw, as functions of (seed, epoch, sample) only —
/// so a resumed run continues exactly and the two trainers see the same data in the same order: the initial weights,
/// each epoch's batch order, and each training sample's dropped input spikes.
/// </summary>
public static class TrainingSchedule
{
    /// <summary>Initial weights of the two layers: normal draws with the configured means and standard deviations.</summary>
    public static NetworkWeights InitialWeights(EventPropConfig config, IReadOnlyList<LayerShape> layers)
    {
        var weights = new NetworkWeights(layers);
        var rng = new Random(config.Seed);
        Fill(rng, weights.Forward[0], config.InputWeightMean, config.InputWeightSd);
        Fill(rng, weights.Forward[1], config.OutputWeightMean, config.OutputWeightSd);
        return weights;
    }

    static void Fill(Random rng, double[] values, double mean, double sd)
    {
        for (int i = 0; i < values.Length; i++)
            values[i] = mean + sd * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
    }

    /// <summary>The order of the <paramref name="samples"/> training samples in <paramref name="epoch"/>.</summary>
    public static int[] Order(int samples, int seed, int epoch)
    {
        var rng = new Random(unchecked(seed * 7919 + epoch));
        var order = Enumerable.Range(0, samples).ToArray();
        for (int i = samples - 1; i > 0; i--) { int j = rng.Next(i + 1); (order[i], order[j]) = (order[j], order[i]); }
        return order;
    }

    /// <summary><paramref name="input"/> with each spike dropped with probability <paramref name="dropout"/> (seeded by seed, epoch and sample).</summary>
    public static SpikeList Dropped(SpikeList input, double dropout, int seed, int epoch, int sample)
    {
        if (dropout <= 0) return input;
        var rng = new Random(unchecked(seed * 1_000_003 + epoch * 104_729 + sample));
        var kept = new SpikeList();
        for (int k = 0; k < input.Count; k++)
            if (rng.NextDouble() >= dropout) kept.Add(input.Times[k], input.Sources[k]);
        return kept;
    }
}
