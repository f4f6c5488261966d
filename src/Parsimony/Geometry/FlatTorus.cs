using static TorchSharp.torch;

namespace Parsimony.Geometry;

/// <summary>
/// The flat k-torus [0, side)ᵏ with periodic boundaries: per coordinate δ = min(|a − b| mod side, side − that), then the
/// Euclidean norm. The 2-torus of side 10 is the paper's headline space; distances lie in [0, side·√k / 2].
/// </summary>
public sealed class FlatTorus(int dims = 2, double side = 10) : ModuliSpace
{
    /// <summary>Side length of the fundamental cube.</summary>
    public double Side { get; } = side;

    /// <inheritdoc/>
    public override string Name => dims == 2 ? "torus" : $"torus{dims}";
    /// <inheritdoc/>
    public override int Dim => dims;

    /// <inheritdoc/>
    public override Tensor Sample(long n, Generator generator) => empty(n, dims).uniform_(0, Side, generator);

    /// <inheritdoc/>
    public override Tensor Distances(Tensor a, Tensor b)
    {
        var delta = (a.unsqueeze(1) - b.unsqueeze(0)).abs().remainder(Side);
        return linalg.vector_norm(minimum(delta, Side - delta), 2, [-1], false);
    }
}
