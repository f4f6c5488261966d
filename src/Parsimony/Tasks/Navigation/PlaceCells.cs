using static TorchSharp.torch;

namespace Parsimony.Tasks.Navigation;

/// <summary>
/// Difference-of-Gaussians place cells (spec moduli.md §3.1): centres uniform in the box (centred at 0) from their own
/// seed, width σ, surround scale 2, coding positions with <see cref="DogCode"/>. Decoding averages the centres of the
/// top-k cells.
/// </summary>
public sealed class PlaceCells : IDisposable
{
    readonly double sigma, surround;

    /// <summary>Draws <paramref name="count"/> centres in a box of side <paramref name="box"/> from <paramref name="seed"/>.</summary>
    public PlaceCells(int count, double box, double sigma, long seed, Device device, double surround = 2)
    {
        this.sigma = sigma;
        this.surround = surround;
        using var generator = new Generator((ulong)seed, CPU);
        Centres = empty(count, 2).uniform_(-box / 2, box / 2, generator).to(device);
    }

    /// <summary>Centres [Np, 2] (m).</summary>
    public Tensor Centres { get; }

    /// <summary>Place-cell code [..., Np] of positions [..., 2].</summary>
    public Tensor Encode(Tensor position) => DogCode.Encode((position.unsqueeze(-2) - Centres).square().sum(-1), sigma, surround);

    /// <summary>Decoded positions [..., 2]: the mean centre of the <paramref name="k"/> most active cells of <paramref name="activity"/> [..., Np].</summary>
    public Tensor Decode(Tensor activity, int k = 3) => Centres[activity.topk(k, -1).indexes].mean([-2]);

    /// <inheritdoc/>
    public void Dispose() => Centres.Dispose();
}
