using static TorchSharp.torch;

namespace Parsimony.Geometry;

/// <summary>
/// The flat Klein bottle on [0, side)² with (x, y) ~ (x, y + side) and the glide reflection (x, y) ~ (x + side, side − y):
/// the distance is the minimum Euclidean distance from a to the nine images of b in the 3×3 neighbourhood, exactly the
/// reference's list (spec moduli.md §1.2).
/// </summary>
public sealed class KleinBottle(double side = 10) : ModuliSpace
{
    /// <inheritdoc/>
    public override string Name => "klein";
    /// <inheritdoc/>
    public override int Dim => 2;

    /// <inheritdoc/>
    public override Tensor Sample(long n, Generator generator) => empty(n, 2).uniform_(0, side, generator);

    /// <inheritdoc/>
    public override Tensor Distances(Tensor a, Tensor b)
    {
        var x = b.select(1, 0);
        var y = b.select(1, 1);
        // (x shift, y sign, y offset): image = (x + xs, sign·y + off).
        (double Xs, double Sign, double Off)[] images =
        [
            (0, 1, 0), (side, -1, side), (-side, -1, side), (0, 1, side), (0, 1, -side),
            (side, -1, 0), (side, -1, 2 * side), (-side, -1, 0), (-side, -1, 2 * side),
        ];
        Tensor? best = null;
        foreach (var (xs, sign, off) in images)
        {
            var image = stack([x + xs, y * sign + off], 1);
            var d = Euclid(a, image);
            best = best is null ? d : minimum(best, d);
        }
        return best!;
    }
}
