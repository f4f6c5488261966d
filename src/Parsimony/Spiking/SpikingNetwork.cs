namespace Parsimony.Spiking;

/// <summary>The weights of a spiking network (or their gradients), layer by layer, transposed ([input][neuron]).</summary>
public sealed class NetworkWeights
{
    /// <summary>Zero weights for <paramref name="layers"/>.</summary>
    public NetworkWeights(IReadOnlyList<LayerShape> layers)
    {
        Forward = layers.Select(l => new double[l.ForwardWeights]).ToArray();
        Recurrent = layers.Select(l => l.Recurrent ? new double[l.RecurrentWeights] : null).ToArray();
    }

    /// <summary>Feed-forward weights of each layer, [input][neuron].</summary>
    public double[][] Forward { get; }
    /// <summary>Recurrent weights of each recurrent layer, [source neuron][target neuron] (null for feed-forward layers).</summary>
    public double[]?[] Recurrent { get; }

    /// <summary>Every array, feed-forward then recurrent, layer by layer.</summary>
    public IEnumerable<double[]> All() => Forward.Concat(Recurrent.OfType<double[]>());

    /// <summary>Adds <paramref name="other"/> into these.</summary>
    public void Add(NetworkWeights other)
    {
        foreach (var (mine, theirs) in All().Zip(other.All())) System.Numerics.Tensors.TensorPrimitives.Add(mine, theirs, mine);
    }

    /// <summary>Sets every value to 0.</summary>
    public void Clear()
    {
        foreach (var a in All()) Array.Clear(a);
    }
}

/// <summary>What one sample's forward pass leaves for the backward pass: each layer's input and own spikes, and the read-out's peaks.</summary>
public sealed class NetworkTrace(SpikeList[] inputs, SpikeList?[] spikes, PeakTrace? peaks)
{
    /// <summary>The spikes arriving at each layer (layer 0: the input channels).</summary>
    public SpikeList[] Inputs { get; } = inputs;
    /// <summary>Each LIF layer's own spikes (null for a leaky-integrator read-out).</summary>
    public SpikeList?[] Spikes { get; } = spikes;
    /// <summary>The leaky-integrator read-out's maxima, or null for a spiking read-out.</summary>
    public PeakTrace? Peaks { get; } = peaks;
    /// <summary>Spikes of every layer in all.</summary>
    public int TotalSpikes => Spikes.Sum(s => s?.Count ?? 0);
}

/// <summary>
/// A feed-forward stack of spiking layers (each optionally recurrent) simulated exactly and differentiated by
/// EventProp: <see cref="Forward"/> stores only spikes; <see cref="Backward"/> sweeps the layers from the read-out
/// down, handing each spike's error to the layer that fired it. The read-out is LIF (its first spike times are the
/// output) or a leaky integrator (its maximum voltages are).
/// </summary>
public sealed class SpikingNetwork
{
    /// <summary>A network of <paramref name="layers"/>; <paramref name="horizon"/> ends the simulation (∞: the official unbounded one).</summary>
    public SpikingNetwork(LifNeuron neuron, IReadOnlyList<LayerShape> layers, double horizon = double.PositiveInfinity, int maxSpikesPerNeuron = 1000)
    {
        neuron.Validate();
        if (layers.Count == 0) throw new ArgumentException("A network needs at least one layer.", nameof(layers));
        for (int l = 0; l < layers.Count; l++)
        {
            if (l > 0 && layers[l].Inputs != layers[l - 1].Neurons)
                throw new ArgumentException($"Layer {l} takes {layers[l].Inputs} inputs but layer {l - 1} has {layers[l - 1].Neurons} neurons.", nameof(layers));
            if (layers[l].Kind == NeuronKind.LeakyIntegrator && (l != layers.Count - 1 || layers[l].Recurrent))
                throw new ArgumentException("Only the read-out (the last layer, not recurrent) can be a leaky integrator.", nameof(layers));
        }
        Rules.Require(horizon > 0, "Horizon", $"must be positive (got {horizon}).");
        Neuron = neuron;
        Layers = layers;
        Horizon = horizon;
        MaxSpikesPerNeuron = maxSpikesPerNeuron;
    }

    /// <summary>The neuron model.</summary>
    public LifNeuron Neuron { get; }
    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<LayerShape> Layers { get; }
    /// <summary>The end of the simulation (ms; ∞: until no neuron can fire).</summary>
    public double Horizon { get; }
    /// <summary>A neuron firing more often than this in one sample stops the simulation with a clear error.</summary>
    public int MaxSpikesPerNeuron { get; }
    /// <summary>Whether the read-out is a leaky integrator.</summary>
    public bool LeakyReadout => Layers[^1].Kind == NeuronKind.LeakyIntegrator;
    /// <summary>Output neurons.</summary>
    public int Outputs => Layers[^1].Neurons;

    /// <summary>Simulates one sample; input spike times must be finite and non-negative (an input source out of range is refused too).</summary>
    public NetworkTrace Forward(NetworkWeights weights, SpikeList input)
    {
        Check(input, Layers[0].Inputs);
        var inputs = new SpikeList[Layers.Count];
        var spikes = new SpikeList?[Layers.Count];
        PeakTrace? peaks = null;
        var arriving = input;
        for (int l = 0; l < Layers.Count; l++)
        {
            inputs[l] = arriving;
            if (Layers[l].Kind == NeuronKind.LeakyIntegrator) peaks = LayerForward.LeakyIntegrator(Neuron, Layers[l], weights.Forward[l], arriving, Horizon);
            else arriving = spikes[l] = LayerForward.Lif(Neuron, Layers[l], weights.Forward[l], weights.Recurrent[l], arriving, Horizon, MaxSpikesPerNeuron);
        }
        return new NetworkTrace(inputs, spikes, peaks);
    }

    /// <summary>Throws a clear error for input the simulator cannot use, before it is simulated.</summary>
    public static void Check(SpikeList input, int channels)
    {
        for (int k = 0; k < input.Count; k++)
        {
            if (!double.IsFinite(input.Times[k]) || input.Times[k] < 0)
                throw new ParsimonyException($"Input spike {k} (channel {input.Sources[k]}) has time {input.Times[k]}: spike times must be finite and non-negative (ms).");
            if (input.Sources[k] < 0 || input.Sources[k] >= channels)
                throw new ParsimonyException($"Input spike {k} comes from channel {input.Sources[k]}, but the network has {channels} input channels (0…{channels - 1}).");
        }
    }

    /// <summary>The read-out of a trace: first spike times (+∞ silent) or maximum voltages.</summary>
    public double[] Output(NetworkTrace trace) => LeakyReadout ? trace.Peaks!.Max : trace.Spikes[^1]!.FirstTimes(Outputs);

    /// <summary>
    /// Adds ∂L/∂w of one sample to <paramref name="gradients"/>, given ∂L/∂(output) (<paramref name="outputGradient"/>:
    /// per first spike time, applied at each output neuron's first spike only, or per maximum voltage).
    /// </summary>
    public void Backward(NetworkWeights weights, NetworkTrace trace, double[] outputGradient, NetworkWeights gradients, bool kinkCorrection = true)
    {
        int last = Layers.Count - 1;
        double[] errors;
        if (LeakyReadout)
        {
            errors = new double[trace.Inputs[last].Count];
            LayerBackward.LeakyIntegrator(Neuron, Layers[last], weights.Forward[last], trace.Inputs[last], trace.Peaks!, outputGradient, Horizon,
                                          kinkCorrection, gradients.Forward[last], errors);
            last--;
        }
        else
        {
            var own = trace.Spikes[last]!;
            errors = new double[own.Count];
            var seen = new bool[Outputs];
            for (int k = 0; k < own.Count; k++)
                if (!seen[own.Sources[k]]) { seen[own.Sources[k]] = true; errors[k] = outputGradient[own.Sources[k]]; }
        }
        for (int l = last; l >= 0; l--)
        {
            var inputErrors = new double[trace.Inputs[l].Count];
            LayerBackward.Lif(Neuron, Layers[l], weights.Forward[l], weights.Recurrent[l], trace.Inputs[l], trace.Spikes[l]!, errors, Horizon,
                              gradients.Forward[l], gradients.Recurrent[l], inputErrors);
            errors = inputErrors;
        }
    }
}
