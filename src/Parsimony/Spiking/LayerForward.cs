namespace Parsimony.Spiking;

/// <summary>
/// The exact, event-driven forward pass of one layer for one sample (spec §B.1): the state is advanced in closed form
/// from event to event (decay factors shared by all neurons of an interval), a neuron's threshold crossing inside an
/// interval is found by <see cref="SpikeTimeSolver"/>, and the simulation runs to the horizon (∞: until no neuron can
/// fire any more). Feed-forward layers handle each neuron on its own; recurrent ones take the earliest crossing of
/// the layer first, since it changes the others' input.
/// </summary>
public static class LayerForward
{
    /// <summary>
    /// The spikes of a LIF layer with weights <paramref name="weightsT"/> ([input][neuron]) and, for a recurrent layer,
    /// <paramref name="recurrentT"/> ([neuron][neuron]) driven by <paramref name="input"/> until <paramref name="horizon"/>.
    /// </summary>
    public static SpikeList Lif(LifNeuron neuron, LayerShape shape, double[] weightsT, double[]? recurrentT, SpikeList input, double horizon, int maxSpikesPerNeuron)
    {
        int n = shape.Neurons, events = Arrivals(input, horizon);
        var v = new double[n];
        var current = new double[n];
        var counts = new int[n];
        var output = new SpikeList();
        double now = events > 0 ? Math.Min(0, input.Times[0]) : 0;
        for (int e = 0; e <= events; e++)
        {
            double until = e < events ? input.Times[e] : horizon;
            if (until > now)
            {
                if (shape.Recurrent) IntegrateRecurrent(neuron, v, current, recurrentT!, now, until, output, counts, maxSpikesPerNeuron);
                else Integrate(neuron, v, current, now, until, output, counts, maxSpikesPerNeuron);
                now = until;
            }
            if (e < events) Add(current, weightsT, input.Sources[e] * n);
        }
        if (!shape.Recurrent) output.Sort();
        return output;
    }

    /// <summary>The maximum voltage of every neuron of a leaky-integrator layer driven by <paramref name="input"/> until <paramref name="horizon"/>.</summary>
    public static PeakTrace LeakyIntegrator(LifNeuron neuron, LayerShape shape, double[] weightsT, SpikeList input, double horizon)
    {
        int n = shape.Neurons, events = Arrivals(input, horizon);
        var v = new double[n];
        var current = new double[n];
        var peaks = new PeakTrace(n);
        double now = events > 0 ? Math.Min(0, input.Times[0]) : 0;
        Array.Fill(peaks.Time, now);
        double kappa = neuron.Kappa;
        for (int e = 0; e <= events; e++)
        {
            double until = e < events ? input.Times[e] : horizon;
            if (until > now)
            {
                double d = until - now, em = Math.Exp(-d / neuron.TauMem), es = Math.Exp(-d / neuron.TauSyn);
                for (int j = 0; j < n; j++)
                {
                    double v0 = v[j], i0 = current[j];
                    double peak = neuron.PeakGap(v0, i0);
                    if (peak < d)
                    {
                        double vp = neuron.Voltage(v0, i0, peak);
                        if (vp > peaks.Max[j]) { peaks.Max[j] = vp; peaks.Time[j] = now + peak; peaks.Arrival[j] = -1; }
                    }
                    double vEnd = v0 * em + kappa * i0 * (em - es), iEnd = i0 * es;
                    if (vEnd > peaks.Max[j] && double.IsFinite(until))
                    {
                        peaks.Max[j] = vEnd;
                        peaks.Time[j] = until;
                        peaks.Arrival[j] = e < events ? e : -1;
                        peaks.CurrentBefore[j] = iEnd;
                        peaks.VoltageAt[j] = vEnd;
                    }
                    v[j] = vEnd;
                    current[j] = iEnd;
                }
                now = until;
            }
            if (e < events) Add(current, weightsT, input.Sources[e] * n);
        }
        return peaks;
    }

    /// <summary>The number of input spikes at or before the horizon (later ones never arrive).</summary>
    internal static int Arrivals(SpikeList input, double horizon)
    {
        int events = input.Count;
        while (events > 0 && input.Times[events - 1] > horizon) events--;
        return events;
    }

    static void Add(double[] current, double[] weightsT, int offset)
    {
        var row = weightsT.AsSpan(offset, current.Length);
        System.Numerics.Tensors.TensorPrimitives.Add(current, row, current);
    }

    /// <summary>Advances every neuron from <paramref name="from"/> to <paramref name="until"/>, each on its own, recording its crossings.</summary>
    static void Integrate(LifNeuron neuron, double[] v, double[] current, double from, double until, SpikeList output, int[] counts, int max)
    {
        double d = until - from, em = Math.Exp(-d / neuron.TauMem), es = Math.Exp(-d / neuron.TauSyn);
        double kappa = neuron.Kappa, threshold = neuron.Threshold;
        for (int j = 0; j < v.Length; j++)
        {
            double v0 = v[j], i0 = current[j];
            if (!(v0 + kappa * i0 > threshold) || !(i0 > v0))                    // cannot reach ϑ in this interval
            {
                v[j] = v0 * em + kappa * i0 * (em - es);
                current[j] = i0 * es;
                continue;
            }
            double start = from;
            while (true)
            {
                double gap = SpikeTimeSolver.FirstCrossing(neuron, v0, i0, until - start);
                if (double.IsPositiveInfinity(gap)) break;
                double t = start + gap;
                i0 *= Math.Exp(-gap / neuron.TauSyn);
                output.Add(t, j, i0 - threshold);
                if (++counts[j] > max) throw TooManySpikes(j, max);
                v0 = 0;
                start = t;
            }
            if (start == from) { v[j] = v0 * em + kappa * i0 * (em - es); current[j] = i0 * es; }
            else
            {
                double rest = until - start, emr = Math.Exp(-rest / neuron.TauMem), esr = Math.Exp(-rest / neuron.TauSyn);
                v[j] = v0 * emr + kappa * i0 * (emr - esr);
                current[j] = i0 * esr;
            }
        }
    }

    /// <summary>Advances a recurrent layer: the earliest crossing of all neurons first, its spike delivered to the layer, then on.</summary>
    static void IntegrateRecurrent(LifNeuron neuron, double[] v, double[] current, double[] recurrentT, double from, double until,
                                   SpikeList output, int[] counts, int max)
    {
        int n = v.Length;
        while (true)
        {
            double first = double.PositiveInfinity;
            int who = -1;
            for (int j = 0; j < n; j++)
            {
                double gap = SpikeTimeSolver.FirstCrossing(neuron, v[j], current[j], until - from);
                if (gap < first) { first = gap; who = j; }
            }
            double step = who < 0 ? until - from : first;
            if (double.IsFinite(step) && step > 0)
            {
                double em = Math.Exp(-step / neuron.TauMem), es = Math.Exp(-step / neuron.TauSyn), kappa = neuron.Kappa;
                for (int j = 0; j < n; j++) { v[j] = v[j] * em + kappa * current[j] * (em - es); current[j] *= es; }
            }
            if (who < 0) return;
            from += first;
            output.Add(from, who, current[who] - neuron.Threshold);
            if (++counts[who] > max) throw TooManySpikes(who, max);
            v[who] = 0;
            Add(current, recurrentT, who * n);
        }
    }

    static ParsimonyException TooManySpikes(int neuron, int max) =>
        new($"Neuron {neuron} fired more than {max} times in one sample: the weights have grown so large that the network fires without end. " +
            "Lower the learning rate (or the initial weights) and start again.");
}
