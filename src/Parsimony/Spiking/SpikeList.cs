namespace Parsimony.Spiking;

/// <summary>
/// Spikes in time order: when, from which source (an input channel or a neuron of the layer), and — for a layer's own
/// spikes — the neuron's drive τ_m·V̇ just before it, I(t⁻) − ϑ for an exact crossing (the stored current, spec
/// §C.3.2; a time-stepped simulation stores I − V at its grid crossing): all the backward pass needs, so memory grows
/// with the number of spikes only.
/// </summary>
public sealed class SpikeList
{
    readonly List<double> times = [];
    readonly List<int> sources = [];
    readonly List<double> drives = [];

    /// <summary>Number of spikes.</summary>
    public int Count => times.Count;
    /// <summary>Spike times (ms), non-decreasing.</summary>
    public IReadOnlyList<double> Times => times;
    /// <summary>The source of each spike.</summary>
    public IReadOnlyList<int> Sources => sources;
    /// <summary>τ_m·V̇(t⁻) of each spike's neuron: I(t⁻) − ϑ (NaN for input spikes).</summary>
    public IReadOnlyList<double> Drive => drives;

    /// <summary>Appends a spike (callers add in time order, or call <see cref="Sort"/>).</summary>
    public void Add(double time, int source, double drive = double.NaN)
    {
        times.Add(time);
        sources.Add(source);
        drives.Add(drive);
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
        var (t, s, d) = (order.Select(i => times[i]).ToArray(), order.Select(i => sources[i]).ToArray(), order.Select(i => drives[i]).ToArray());
        times.Clear(); sources.Clear(); drives.Clear();
        times.AddRange(t); sources.AddRange(s); drives.AddRange(d);
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
