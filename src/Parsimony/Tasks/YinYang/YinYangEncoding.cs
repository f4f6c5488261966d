using Parsimony.Spiking;

namespace Parsimony.Tasks.YinYang;

/// <summary>
/// The paper's latency code of a Yin-Yang point (spec §B.5.1): channels 0–3 spike once at t_min + v·(t_max − t_min)
/// for v = x, y, 1 − x, 1 − y, and channel 4 is a bias spike at t_bias.
/// </summary>
/// <param name="TMin">Time of value 0 (ms).</param>
/// <param name="TMax">Time of value 1 (ms).</param>
/// <param name="TBias">Time of the bias spike (ms).</param>
public sealed record YinYangEncoding(double TMin = 0, double TMax = 30, double TBias = 0)
{
    /// <summary>Input channels: four coordinates and the bias.</summary>
    public const int Channels = 5;

    /// <summary>The input spikes of one sample, in time order.</summary>
    public SpikeList Encode(YinYangSample s) => SpikeList.Of(
    [
        (TMin + s.X * (TMax - TMin), 0), (TMin + s.Y * (TMax - TMin), 1),
        (TMin + (1 - s.X) * (TMax - TMin), 2), (TMin + (1 - s.Y) * (TMax - TMin), 3), (TBias, 4),
    ]);
}
