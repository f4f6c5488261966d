using Parsimony.Tasks.Navigation;
using static TorchSharp.torch;

namespace Parsimony.Tasks.HeadDirection;

/// <summary>
/// The 1-D analogue of <see cref="PlaceCells"/> for head direction: <c>count</c> cells with preferred angles evenly
/// spaced on the circle, coding the circular distance (wrapped to (−π, π]) with <see cref="DogCode"/> (width σ radians,
/// surround 2σ).
/// </summary>
public sealed class RingCells(int count, double sigma, Device device, double surround = 2) : IDisposable
{
    /// <summary>Preferred angles [count] (radians).</summary>
    public Tensor Centres { get; } = arange(count, dtype: float32, device: device) * (float)(2 * Math.PI / count);

    /// <summary>The code [..., count] of angles [...] (radians).</summary>
    public Tensor Encode(Tensor angle)
    {
        var difference = angle.unsqueeze(-1) - Centres;
        var d = atan2(difference.sin(), difference.cos());
        return DogCode.Encode(d.square(), sigma, surround);
    }

    /// <inheritdoc/>
    public void Dispose() => Centres.Dispose();
}
