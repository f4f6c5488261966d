using Parsimony.Spiking;

namespace Parsimony.Tasks.Images;

/// <summary>
/// The latency code of an image (spec §B.5.2): a pixel brighter than <paramref name="MinPixel"/> spikes once at
/// t = (1 − p/255)·<paramref name="Duration"/>, brighter pixels earlier; the others stay silent.
/// </summary>
/// <param name="Duration">Time of the darkest spiking pixel (ms).</param>
/// <param name="MinPixel">Pixels at or below this value (0–255) do not spike.</param>
public sealed record LatencyCode(double Duration = 20, int MinPixel = 1)
{
    /// <summary>The input spikes of one image (channel = pixel index), in time order.</summary>
    public SpikeList Encode(ReadOnlySpan<byte> pixels)
    {
        var spikes = new List<(double, int)>();
        for (int i = 0; i < pixels.Length; i++)
            if (pixels[i] > MinPixel) spikes.Add(((1 - pixels[i] / 255.0) * Duration, i));
        return SpikeList.Of(spikes);
    }
}
