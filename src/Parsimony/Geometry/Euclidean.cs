using static TorchSharp.torch;

namespace Parsimony.Geometry;

/// <summary>Euclidean space Rᵏ with points drawn from N(0, scale²) (the reference's trained r3/r9 embeddings).</summary>
public sealed class Euclidean(int dims, double scale = 1) : ModuliSpace
{
    /// <inheritdoc/>
    public override string Name => $"r{dims}";
    /// <inheritdoc/>
    public override int Dim => dims;

    /// <inheritdoc/>
    public override Tensor Sample(long n, Generator generator) => empty(n, dims).normal_(0, scale, generator);

    /// <inheritdoc/>
    public override Tensor Distances(Tensor a, Tensor b) => Euclid(a, b);
}
