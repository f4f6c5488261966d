namespace Parsimony.Spiking;

/// <summary>
/// Spikes in time order: when, from which source (an input channel or a neuron of the layer), and — for a layer's own
/// spikes — the neuron's synaptic current just before it, I(t⁻): all the backward pass needs (spec §C.3.2), so
/// memory grows with the number of spikes only.
/// </summary>
public sealed class SpikeList
{
    readonly List<double> times = [];
    readonly List<int> sources = [];
    readonly List<double> currents = [];

    /// <summary>Number of spikes.</summary>
    public int Count => times.Count;
    /// <summary>Spike times (ms), non-decreasing.</summary>
    public IReadOnlyList<double> Times => times;
    /// <summary>The source of each spike.</summary>
    public IReadOnlyList<int> Sources => sources;
    /// <summary>I(t⁻) of each spike's neuron (NaN for input spikes).</summary>
    public IReadOnlyList<double> CurrentBefore => currents;

    /// <summary>Appends a spike (callers add in time order, or call <see cref="Sort"/>).</summary>
    public void Add(double time, int source, double currentBefore = double.NaN)
    {
        times.Add(time);
        sources.Add(source);
        currents.Add(currentBefore);
    }

    /// <summary>Input spikes from (time, channel) pairs, sorted by time (ties by channel).</summary>
    public static SpikeList Of(IEnumerable<(double Time, int Channel)> spikes)
    {
        var list = new SpikeList();
        foreach (var (t, c) in spikes.OrderBy(s => s.Time).ThenBy(s => s.Channel)) list.Add(t, c);
        return list;
    }

    /// <summary>Sorts by time, ties by source (a stable order for spikes found neuron by neuron).</summary>
    public void Sort()
    {
        var order = Enumerable.Range(0, Count).OrderBy(i => times[i]).ThenBy(i => sources[i]).ToArray();
        var (t, s, c) = (order.Select(i => times[i]).ToArray(), order.Select(i => sources[i]).ToArray(), order.Select(i => currents[i]).ToArray());
        times.Clear(); sources.Clear(); currents.Clear();
        times.AddRange(t); sources.AddRange(s); currents.AddRange(c);
    }

    /// <summary>The first spike time of every one of <paramref name="neurons"/> sources (+∞ for a silent one).</summary>
    public double[] FirstTimes(int neurons)
    {
        var first = Enumerable.Repeat(double.PositiveInfinity, neurons).ToArray();
        for (int k = Count - 1; k >= 0; k--) first[sources[k]] = times[k];
        return first;
    }

    /// <summary>Spikes per source.</summary>
    public int[] CountsPer(int sources)
    {
        var counts = new int[sources];
        foreach (int s in this.sources) counts[s]++;
        return counts;
    }
}
