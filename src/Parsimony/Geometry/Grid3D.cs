using static TorchSharp.torch;

namespace Parsimony.Geometry;

/// <summary>
/// A regular 3-D grid with unit spacing (the layout of spatially embedded RNNs): neuron i sits at the i-th point of the
/// smallest cube of side ⌈∛N⌉ in x-fastest order. The layout is fixed, so the generator is not used.
/// </summary>
public sealed class Grid3D : ModuliSpace
{
    /// <inheritdoc/>
    public override string Name => "grid3";
    /// <inheritdoc/>
    public override int Dim => 3;

    /// <inheritdoc/>
    public override Tensor Sample(long n, Generator generator)
    {
        long side = (long)Math.Ceiling(Math.Cbrt(n) - 1e-9);
        var i = arange(n, dtype: int64);
        return stack([i.remainder(side), i.div(side, RoundingMode.floor).remainder(side), i.div(side * side, RoundingMode.floor)], 1).to(float32);
    }

    /// <inheritdoc/>
    public override Tensor Distances(Tensor a, Tensor b) => Euclid(a, b);

    /// <inheritdoc/>
    public override (double U, double V)[] OrderingCoordinates(Tensor points) => Rows(points).Select(r => (r[2], r[1] * 1e6 + r[0])).ToArray();
}
