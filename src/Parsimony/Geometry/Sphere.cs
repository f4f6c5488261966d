using static TorchSharp.torch;

namespace Parsimony.Geometry;

/// <summary>
/// The unit k-sphere in R^(k+1) (circle k = 1, sphere k = 2, S³ k = 3): points are normalised Gaussians and the distance
/// is scale·arccos(⟨a, b⟩) (the reference maps the NaN of inner products just above 1 to 0; see <see cref="Distances"/>).
/// Distances lie in [0, scale·π]; the scale is the reference's 5.
/// </summary>
public sealed class Sphere(int intrinsicDim, double scale = 5) : ModuliSpace
{
    /// <inheritdoc/>
    public override string Name => intrinsicDim switch { 1 => "circle", 2 => "sphere", _ => $"s{intrinsicDim}" };
    /// <inheritdoc/>
    public override int Dim => intrinsicDim + 1;

    /// <inheritdoc/>
    public override Tensor Sample(long n, Generator generator)
    {
        var g = empty(n, Dim).normal_(0, 1, generator);
        return g / linalg.vector_norm(g, 2, [1], true);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Computed as scale·2·atan2(‖a − b‖, ‖a + b‖), which equals scale·arccos(⟨a, b⟩) on unit vectors but stays accurate
    /// near 0 (arccos loses half the digits there: float32 would put 0.003 on the diagonal) and has no infinite slope
    /// for learned embeddings.
    /// </remarks>
    public override Tensor Distances(Tensor a, Tensor b)
    {
        var (x, y) = (a.unsqueeze(1), b.unsqueeze(0));
        return scale * 2 * atan2(linalg.vector_norm(x - y, 2, [-1], false), linalg.vector_norm(x + y, 2, [-1], false));
    }

    /// <inheritdoc/>
    public override (double U, double V)[] OrderingCoordinates(Tensor points) => Rows(points)
        .Select(r => intrinsicDim == 1 ? (0.0, Math.Atan2(r[1], r[0])) : (Math.Acos(Math.Clamp(r[^1], -1, 1)), Math.Atan2(r[1], r[0])))
        .ToArray();
}
