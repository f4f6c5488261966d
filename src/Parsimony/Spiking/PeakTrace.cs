namespace Parsimony.Spiking;

/// <summary>
/// The maximum voltage of every neuron of a leaky-integrator layer over a sample, where it happened, and — when it
/// fell on a spike's arrival (V̇ jumping from + to −, an inhibitory arrival: the "kink" of spec §B.3) — which arrival,
/// with the current and voltage there, for the correction of that spike's time gradient.
/// </summary>
public sealed class PeakTrace(int neurons)
{
    /// <summary>Maximum voltage per neuron.</summary>
    public double[] Max { get; } = new double[neurons];
    /// <summary>Its time (ms).</summary>
    public double[] Time { get; } = new double[neurons];
    /// <summary>The index of the incoming spike at whose arrival the maximum sits, or −1 (an interior maximum, the start, or the horizon).</summary>
    public int[] Arrival { get; } = Enumerable.Repeat(-1, neurons).ToArray();
    /// <summary>I just before that arrival.</summary>
    public double[] CurrentBefore { get; } = new double[neurons];
    /// <summary>V at that arrival.</summary>
    public double[] VoltageAt { get; } = new double[neurons];
}
