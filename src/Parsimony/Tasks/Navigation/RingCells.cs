using static TorchSharp.torch;

namespace Parsimony.Tasks.Navigation;

/// <summary>
/// The 1-D analogue of <see cref="PlaceCells"/> for head direction: <c>count</c> cells with preferred angles evenly
/// spaced on the circle and a difference-of-Gaussians code of the circular distance (width σ radians, surround 2σ),
/// shifted to a minimum of 0 and normalised to sum 1. Used as the start cue of the head-direction RNN.
/// </summary>
public sealed class RingCells(int count, double sigma, Device device, double surround = 2) : IDisposable
{
    /// <summary>Preferred angles [count] (radians).</summary>
    public Tensor Centres { get; } = arange(count, dtype: float32, device: device) * (float)(2 * Math.PI / count);

    /// <summary>The code [..., count] of angles [...] (radians).</summary>
    public Tensor Encode(Tensor angle)
    {
        var difference = angle.unsqueeze(-1) - Centres;
        var d = atan2(difference.sin(), difference.cos());                     // wrapped to (−π, π]
        var d2 = d.square();
        var code = (d2 / (-2 * sigma * sigma)).softmax(-1) - (d2 / (-2 * surround * sigma * sigma)).softmax(-1);
        code = code - code.amin([-1], true);
        return code / code.sum(-1, true);
    }

    /// <inheritdoc/>
    public void Dispose() => Centres.Dispose();
}
