namespace Parsimony.Spiking;

/// <summary>What a layer's neurons do.</summary>
public enum NeuronKind
{
    /// <summary>Leaky integrate-and-fire: spikes and resets at the threshold.</summary>
    Lif,
    /// <summary>Leaky integrator: the same dynamics without threshold (a read-out whose maximum voltage is the output).</summary>
    LeakyIntegrator,
}

/// <summary>
/// One layer of a spiking network: <paramref name="Neurons"/> neurons driven by every one of <paramref name="Inputs"/>
/// sources (the previous layer or the input channels) and, when <paramref name="Recurrent"/>, by each other. Weights
/// are stored transposed, [input][neuron] (a spike of one source adds one contiguous row).
/// </summary>
/// <param name="Inputs">Sources feeding the layer.</param>
/// <param name="Neurons">Neurons.</param>
/// <param name="Kind">LIF or leaky integrator.</param>
/// <param name="Recurrent">Whether the layer's own spikes feed it too.</param>
public sealed record LayerShape(int Inputs, int Neurons, NeuronKind Kind = NeuronKind.Lif, bool Recurrent = false)
{
    /// <summary>Number of feed-forward weights.</summary>
    public int ForwardWeights => Inputs * Neurons;
    /// <summary>Number of recurrent weights (0 unless recurrent).</summary>
    public int RecurrentWeights => Recurrent ? Neurons * Neurons : 0;
}
