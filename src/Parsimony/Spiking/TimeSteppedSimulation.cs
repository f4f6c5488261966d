namespace Parsimony.Spiking;

/// <summary>
/// The same network simulated on a time grid of step dt, as GeNN's EventProp does (spec §B.4): the state is integrated
/// exactly over each step (V ← αV + κ(α − β)I, I ← βI with α = e^{−dt/τ_m}, β = e^{−dt/τ_s}), input spikes arrive at
/// the first grid time at or after them, the threshold is checked once per step, so spike times are quantised to
/// the grid, and each spike stores I − V there as its drive. The trace feeds the same event-driven adjoint
/// (<see cref="SpikingNetwork.Backward"/>), which over grid spikes is the grid adjoint; as dt shrinks its gradients
/// converge to the exact ones (spec P9). The grid needs a finite duration: the network's horizon, or the one given.
/// </summary>
public static class TimeSteppedSimulation
{
    /// <summary>Simulates one sample on the grid (the trace's times are grid times).</summary>
    public static NetworkTrace Forward(SpikingNetwork net, NetworkWeights weights, SpikeList input, double dt, double duration)
    {
        Rules.Positive(dt, "Dt");
        SpikingNetwork.Check(input, net.Layers[0].Inputs);
        double end = double.IsFinite(net.Horizon) ? net.Horizon : duration;
        Rules.Positive(end, "Duration");
        int steps = (int)Math.Ceiling(end / dt - 1e-9);
        var neuron = net.Neuron;
        var inputs = new SpikeList[net.Layers.Count];
        var spikes = new SpikeList?[net.Layers.Count];
        PeakTrace? peaks = null;
        var arriving = Quantised(input, dt, steps);
        for (int l = 0; l < net.Layers.Count; l++)
        {
            inputs[l] = arriving;
            var shape = net.Layers[l];
            var result = Layer(neuron, shape, weights.Forward[l], weights.Recurrent[l], arriving, dt, steps, net.MaxSpikesPerNeuron);
            if (shape.Kind == NeuronKind.LeakyIntegrator) peaks = result.Peaks;
            else arriving = spikes[l] = result.Spikes!;
        }
        return new NetworkTrace(inputs, spikes, peaks);
    }

    /// <summary>Input spikes moved to the first grid time at or after them (later than the grid's end: dropped).</summary>
    static SpikeList Quantised(SpikeList input, double dt, int steps)
    {
        var list = new SpikeList();
        for (int k = 0; k < input.Count; k++)
        {
            int step = (int)Math.Ceiling(input.Times[k] / dt - 1e-9);
            if (step <= steps) list.Add(Math.Max(0, step) * dt, input.Sources[k]);
        }
        return list;
    }

    static (SpikeList? Spikes, PeakTrace? Peaks) Layer(LifNeuron neuron, LayerShape shape, double[] weightsT, double[]? recurrentT, SpikeList input,
                                                      double dt, int steps, int max)
    {
        int n = shape.Neurons;
        bool leaky = shape.Kind == NeuronKind.LeakyIntegrator;
        double alpha = Math.Exp(-dt / neuron.TauMem), beta = Math.Exp(-dt / neuron.TauSyn), gain = neuron.Kappa * (alpha - beta);
        var v = new double[n];
        var current = new double[n];
        var counts = new int[n];
        var spikes = leaky ? null : new SpikeList();
        var peaks = leaky ? new PeakTrace(n) : null;
        int next = 0;
        var fired = new List<int>();
        for (int k = 0; k <= steps; k++)
        {
            double t = k * dt;
            fired.Clear();
            for (int j = 0; j < n; j++)
            {
                if (leaky)
                {
                    if (v[j] > peaks!.Max[j]) { peaks.Max[j] = v[j]; peaks.Time[j] = t; }
                }
                else if (v[j] >= neuron.Threshold)
                {
                    spikes!.Add(t, j, current[j] - v[j]);
                    if (++counts[j] > max) throw new ParsimonyException($"Neuron {j} fired more than {max} times in one sample: the weights have grown so large that the network fires without end.");
                    v[j] = 0;
                    fired.Add(j);
                }
            }
            foreach (int j in fired)
                if (recurrentT is not null) for (int m = 0; m < n; m++) current[m] += recurrentT[j * n + m];
            while (next < input.Count && input.Times[next] <= t + 1e-12)
            {
                int offset = input.Sources[next++] * n;
                for (int j = 0; j < n; j++) current[j] += weightsT[offset + j];
            }
            for (int j = 0; j < n; j++) { v[j] = alpha * v[j] + gain * current[j]; current[j] *= beta; }
        }
        return (spikes, peaks);
    }
}
