using static TorchSharp.torch;

namespace Parsimony.Geometry;

/// <summary>
/// The product M₁ × M₂ × … with the product metric d = √(Σ dᵢ²); a point is the concatenation of the factors'
/// coordinates (e.g. <c>sphere*torus</c>, the reference's "mixedcurv" S² × T²).
/// </summary>
public sealed class ProductSpace(IReadOnlyList<ModuliSpace> factors) : ModuliSpace
{
    /// <summary>The factor spaces in order.</summary>
    public IReadOnlyList<ModuliSpace> Factors { get; } = factors;

    /// <inheritdoc/>
    public override string Name => string.Join('*', Factors.Select(f => f.Name));
    /// <inheritdoc/>
    public override int Dim => Factors.Sum(f => f.Dim);

    /// <inheritdoc/>
    public override Tensor Sample(long n, Generator generator) => cat(Factors.Select(f => f.Sample(n, generator)).ToArray(), 1);

    /// <inheritdoc/>
    public override Tensor Distances(Tensor a, Tensor b)
    {
        Tensor? sum = null;
        long offset = 0;
        foreach (var f in Factors)
        {
            var d = f.Distances(a.narrow(1, offset, f.Dim), b.narrow(1, offset, f.Dim));
            sum = sum is null ? d.square() : sum + d.square();
            offset += f.Dim;
        }
        return sum!.sqrt();
    }
}
